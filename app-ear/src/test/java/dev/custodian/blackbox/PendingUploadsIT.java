package dev.custodian.blackbox;

import dev.custodian.testing.PostgresDatabase;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pending-upload resolver as a Jakarta Batch job: announced uploads past the pending TTL are
 * adopted when their bytes exist and dropped otherwise; the job's history lives in PostgreSQL and
 * survives a restart of the service.
 */
class PendingUploadsIT {

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String user = "u-" + UUID.randomUUID();

    @Test
    void expiredAnnouncementsAreAdoptedOrDroppedAndTheJobIsRemembered() throws Exception {
        String withBytes = announce("kept.png");
        String withoutBytes = announce("lost.png");
        String fresh = announce("fresh.png");
        Bucket.put("users/" + user + "/image/kept.png", new byte[] {1, 2, 3, 4});
        ageBeyondTtl(withBytes, withoutBytes);

        JsonObject execution = BatchJobs.run(admin, "{\"job_name\": \"pending-uploads\"}");

        assertThat(execution.getString("status")).isEqualTo("completed");
        assertThat(execution.getJsonNumber("read_count").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(execution.getJsonArray("steps").getValuesAs(JsonObject.class))
                .anySatisfy(step -> assertThat(step.getString("exit_status")).contains("adopted=").contains("dropped="))
                .anySatisfy(step -> assertThat(step.getString("name")).isEqualTo("abort-multipart"));
        JsonObject adopted = app.get("/api/v1/objects/" + withBytes).json();
        assertThat(adopted.getString("state")).isEqualTo("active");
        assertThat(adopted.getJsonNumber("size_bytes").longValue()).isEqualTo(4);
        assertThat(app.get("/api/v1/objects/" + withoutBytes).status()).isEqualTo(404);
        assertThat(app.get("/api/v1/objects/" + fresh).json().getString("state"))
                .as("younger than the TTL: untouched").isEqualTo("pending");

        assertThat(repositoryExecutionRows()).as("the job repository is in PostgreSQL").isPositive();

        CustodianServer.shared().kill();
        CustodianServer.shared().start();
        JsonObject remembered = admin.get("/api/v1/batch/executions/" + execution.getJsonNumber("id")).json();
        assertThat(remembered.getString("status")).isEqualTo("completed");
        assertThat(remembered.getString("job_name")).isEqualTo("pending-uploads");
    }

    /** The resolver adopts under the rules of complete: bytes other than the announced ones never become active. */
    @Test
    void anExpiredUploadWhoseBytesAreNotTheAnnouncedSizeIsNeverAdopted() throws Exception {
        String oversized = announce("oversized.png");
        String key = "users/" + user + "/image/oversized.png";
        byte[] nine = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Bucket.put(key, nine);
        assertThat(app.post("/api/v1/uploads/" + oversized + "/complete").status()).as("complete refuses them")
                .isEqualTo(409);
        ageBeyondTtl(oversized);

        JsonObject execution = BatchJobs.run(admin, "{\"job_name\": \"pending-uploads\"}");

        assertThat(execution.getJsonArray("steps").getValuesAs(JsonObject.class))
                .anySatisfy(step -> assertThat(step.getString("exit_status")).contains("wrong_size=1"));
        assertThat(app.get("/api/v1/objects/" + oversized).status()).as("the claim is dropped").isEqualTo(404);
        assertThat(Bucket.read(key)).as("the bytes stay, for maintenance to report as an orphan")
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(nine));
    }

    @Test
    void onlyOurJobsCanBeStartedAndOnlyByAnAdmin() {
        assertThat(admin.postJson("/api/v1/batch/executions", "{\"job_name\": \"rm-rf\"}").status()).isEqualTo(400);
        assertThat(app.postJson("/api/v1/batch/executions", "{\"job_name\": \"pending-uploads\"}").status())
                .isEqualTo(403);
        assertThat(admin.get("/api/v1/batch/executions/999999999").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/batch/executions/x").status()).isEqualTo(400);
    }

    private String announce(String filename) {
        Api.Reply reply = app.postJson("/api/v1/uploads", """
                {"user_id": "%s", "file_type": "image", "filename": "%s", "size_bytes": 4}"""
                .formatted(user, filename));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getJsonObject("object").getString("id");
    }

    /** Rows of the batch runtime's execution table (its name's prefix and case are the runtime's). */
    private static int repositoryExecutionRows() throws SQLException {
        try (Connection db = PostgresDatabase.shared().connect()) {
            String table;
            try (var tables = db.createStatement().executeQuery("select table_name from information_schema.tables"
                    + " where lower(table_name) like '%executioninstancedata'")) {
                assertThat(tables.next()).as("a batch execution table in the ledger database").isTrue();
                table = tables.getString(1);
            }
            try (var rows = db.createStatement().executeQuery(
                    "select count(*) from \"" + table + "\"")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void ageBeyondTtl(String... ids) throws SQLException {
        try (Connection db = PostgresDatabase.shared().connect();
             var update = db.prepareStatement(
                     "update stored_object set created_at = now() - interval '2 days' where id = ?::uuid")) {
            for (String id : ids) {
                update.setString(1, id);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
    }
}
