package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.S3ProxyServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application metrics move with the work, and a deletion that stops moving flips the alert and
 * shows in the admin overview.
 */
class MetricsIT {

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final Api anonymous = Api.withToken(null);
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "p" + tag;

    @Test
    void everyFigureIsPublishedAndTheCountersMoveWhenADeletionRuns() {
        String before = metrics();
        for (String name : new String[] {"custodian_deletion_keys_due", "custodian_deletion_oldest_due_seconds",
                "custodian_deletion_keys_failed", "custodian_deletion_keys_held", "custodian_deletions{",
                "custodian_deletions_stuck", "custodian_maintenance_orphaned_files",
                "custodian_schedule_since_success_seconds{", "custodian_store_in_flight_limit",
                "custodian_store_slow_downs"}) {
            assertThat(before).as(name).contains(name);
        }
        double deleted = value(before, "custodian_deletion_keys_deleted_total");
        double reclaimed = value(before, "custodian_deletion_reclaimed_bytes_total");
        for (int i = 0; i < 3; i++) {
            upload("f" + i + ".mp3", new byte[] {1, 2, 3, 4});
        }
        String id = app.delete("/api/v1/projects/" + project).json().getString("id");
        Deletions.awaitFinished(app, id, Duration.ofSeconds(60));

        String after = metrics();
        assertThat(value(after, "custodian_deletion_keys_deleted_total")).isGreaterThanOrEqualTo(deleted + 3);
        assertThat(value(after, "custodian_deletion_reclaimed_bytes_total")).isGreaterThanOrEqualTo(reclaimed + 12);
        assertThat(after).contains("custodian_store_requests_seconds_count{mp_scope=\"application\",operation=\"DeleteObjects\"}")
                .contains("operation=\"PutObject\"");
    }

    /** Other tests share the server and may leave stuck deletions of their own: counted from a baseline. */
    @Test
    void aDeletionThatMakesNoProgressFlipsTheAlertAndTheGauge() {
        upload("stuck.mp3", new byte[] {1});
        double before = value(metrics(), "custodian_deletions_stuck");
        S3ProxyServer.shared().pause();
        String id;
        try {
            id = app.delete("/api/v1/projects/" + project).json().getString("id");
            Await.until("the gauge counts it", () -> value(metrics(), "custodian_deletions_stuck"),
                    stuck -> stuck >= before + 1, Duration.ofMinutes(1));
            assertThat(anonymous.get("/health/ready").body()).contains("\"deletions\":\"degraded: ")
                    .contains("without progress");
            assertThat(metrics()).contains("custodian_store_errors_total{code=");
            String stuck = id;
            JsonObject overview = Await.until("the overview lists it", () -> admin.get("/api/v1/admin/overview").json(),
                    o -> o.getJsonArray("stuck_deletions").getValuesAs(JsonString.class).stream()
                            .anyMatch(s -> s.getString().equals(stuck)), Duration.ofSeconds(30));
            assertThat(overview.getString("degradation")).contains("without progress");
            assertThat(overview.getJsonArray("schedules").getValuesAs(JsonObject.class))
                    .extracting(schedule -> schedule.getString("task")).containsExactlyInAnyOrder("retention-sweep",
                            "expiry", "pending-uploads", "quarantine-purge", "maintenance", "ledger-purge",
                            "deletion-digest");
            assertThat(overview.getJsonObject("store_calls").getInt("in_flight_limit"))
                    .isBetween(1, overview.getJsonObject("store_calls").getInt("ceiling"));
            assertThat(app.get("/api/v1/admin/overview").status()).as("the whole bucket's figures: admin only")
                    .isEqualTo(403);
        } finally {
            S3ProxyServer.shared().resume();
        }
        Deletions.awaitFinished(app, id, Duration.ofSeconds(60));
        Await.until("the gauge lets it go", () -> value(metrics(), "custodian_deletions_stuck"),
                stuck -> stuck <= before, Duration.ofMinutes(1));
    }

    private void upload(String name, byte[] bytes) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", "u" + tag)
                .field("project_id", project).field("file_type", "audio").file(name, "audio/mpeg", bytes));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    private String metrics() {
        Api.Reply reply = anonymous.get("/metrics?scope=application");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.body();
    }

    /** The value of a metric line without tags beyond the scope. */
    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{mp_scope=\"application\"\\} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

}
