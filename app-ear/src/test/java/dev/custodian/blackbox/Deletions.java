package dev.custodian.blackbox;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Waiting for deletions to finish, as a client app would poll them. */
final class Deletions {

    private static final Set<String> FINISHED = Set.of("completed", "completed_with_errors", "completed_with_holds", "failed");

    private Deletions() {
    }

    static JsonObject awaitFinished(Api api, String deletionId, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        JsonObject deletion = null;
        while (Instant.now().isBefore(deadline)) {
            deletion = api.get("/api/v1/deletions/" + deletionId).json();
            if (FINISHED.contains(deletion.getString("state"))) {
                return deletion;
            }
            sleep(200);
        }
        throw new AssertionError("deletion " + deletionId + " not finished within " + limit + ": " + deletion);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
