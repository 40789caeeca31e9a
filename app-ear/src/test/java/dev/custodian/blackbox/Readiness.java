package dev.custodian.blackbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Waits for our own readiness check. Payara keeps serving after a failed deployment (its own
 * health endpoint answers), so only a 200 that names the {@code custodian} check counts.
 */
public final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /** Whether our own readiness check is up right now. */
    public static boolean isReady(URI readyUri) {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(readyUri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"custodian\"");
        } catch (IOException notListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param alive     false when the server process is gone and waiting is pointless
     * @param whereToLook what the failure message points the reader to (a log file)
     */
    public static void await(URI readyUri, Duration limit, BooleanSupplier alive, String whereToLook) {
        Instant deadline = Instant.now().plus(limit);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("the server exited; see " + whereToLook);
            }
            try {
                var response = HTTP.send(HttpRequest.newBuilder(readyUri).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"custodian\"")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Deletions.sleep(500);
        }
        throw new IllegalStateException("not ready within " + limit + " (last answer: " + last + "); see " + whereToLook);
    }
}
