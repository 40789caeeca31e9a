package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a long outage of the store a deletion resumes as soon as the store answers, not after a
 * backoff as long as the outage: with production's backoff (up to an hour), keys that failed for a
 * minute would wait 30 to 60 s more; one probe of the store makes them due at once.
 */
@Tag("slow")
class StoreRecoveryIT {

    private static final Duration OUTAGE = Duration.ofSeconds(60);

    /** On a bucket of its own: the shared server, on the same database, would drain these keys with its short give-up. */
    private static final String BUCKET = "recovery-" + UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static final OwnServer SERVER = new OwnServer(() -> Map.of("CUSTODIAN_S3_BUCKET", Bucket.create(BUCKET),
            "CUSTODIAN_DELETION_BACKOFF_MAX", "PT1H", "CUSTODIAN_DELETION_GIVE_UP_AFTER", "PT1H"));

    @Test
    void aDeletionResumesWithinSecondsOfTheStoresReturnWhateverTheOutagesLength() {
        Api app = Api.of(SERVER.get(), CustodianServer.APP_TOKEN);
        String user = "r" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 40; i++) {
            Api.Reply stored = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                    .field("file_type", "audio").file("f" + i + ".mp3", "audio/mpeg", new byte[] {(byte) i}));
            assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        }
        Instant back;
        S3ProxyServer.shared().pause();
        String id;
        try {
            id = app.delete("/api/v1/users/" + user).json().getString("id");
            Deletions.sleep(OUTAGE.toMillis());
            JsonObject during = app.get("/api/v1/deletions/" + id).json();
            assertThat(during.getJsonNumber("deleted").longValue()).as("nothing goes while the store is away").isZero();
            assertThat(during.getJsonNumber("failed").longValue()).as("an outage uses up no attempt").isZero();
        } finally {
            S3ProxyServer.shared().resume();
            back = Instant.now();
        }

        JsonObject done = Deletions.awaitFinished(app, id, Duration.ofSeconds(60));
        Duration resumedIn = Duration.between(back, Instant.now());

        assertThat(done.getString("state")).isEqualTo("completed");
        assertThat(done.getJsonNumber("deleted").longValue()).isEqualTo(40);
        assertThat(resumedIn).as("finished after the store came back").isLessThan(Duration.ofSeconds(20));
        assertThat(Bucket.keys(BUCKET, "users/" + user + "/")).isEmpty();
    }
}
