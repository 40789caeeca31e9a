package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting an owner costs the request the same whatever the owner's size: the request records the
 * deletion and the tombstone, and the worker takes the owner's rows a chunk at a time.
 */
class LargeOwnerDeletionIT {

    private static final int ROWS = 100_000;

    private final Api app = Api.asApp();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String project = "p" + tag;

    @Test
    void aUserOfAHundredThousandRowsIsAcceptedWithoutFlippingThemAndIsThenDeletedWhole() throws Exception {
        LedgerSeed.trackedRows(user, project, ROWS, 300);
        // the same request for an empty owner first, so the latency below is not the JVM warming up
        assertThat(app.delete("/api/v1/users/" + user + "-empty").status()).isEqualTo(202);

        long started = System.nanoTime();
        Api.Reply accepted = app.delete("/api/v1/users/" + user);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("DELETE /users/{id} of " + ROWS + " rows answered in " + millis + " ms");
        long stillActive = LedgerSeed.count("select count(*) from stored_object where user_id = ? and state = 'active'",
                user);

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(stillActive).as("the request flipped no row; the worker takes them in chunks")
                .isGreaterThan(ROWS / 2);
        assertThat(accepted.json().getJsonNumber("total").longValue()).as("counted by the request")
                .isEqualTo(ROWS);
        String id = accepted.json().getString("id");

        Api.Reply late = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", project).field("file_type", "audio").file("late.mp3", "audio/mpeg", new byte[] {1}));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().getString("detail")).contains(id);

        JsonObject done = Deletions.awaitFinished(app, id, Duration.ofMinutes(5));
        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("total").longValue()).isEqualTo(ROWS);
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(ROWS);
        assertThat(LedgerSeed.count("select count(*) from stored_object where user_id = ? and state <> 'deleted'",
                user)).isZero();
        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
    }
}
