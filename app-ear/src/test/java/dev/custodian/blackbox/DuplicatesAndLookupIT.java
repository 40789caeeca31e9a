package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: the duplicates report, and looking a record up by its raw key. */
class DuplicatesAndLookupIT {

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String user = "u" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void sameContentIsGroupedWithTheBytesACleanUpWouldReclaim() {
        byte[] same = ("the same bytes for " + user).getBytes(StandardCharsets.UTF_8);
        String oldest = upload("p1", "a.bin", same);
        upload("p1", "b.bin", same);
        upload("p2", "c.bin", same);
        upload("p1", "other.bin", "other bytes".getBytes(StandardCharsets.UTF_8));

        JsonObject report = admin.get("/api/v1/admin/duplicates?user_id=" + user).json();
        assertThat(report.getInt("groups")).isEqualTo(1);
        assertThat(report.getJsonNumber("reclaimable_bytes").longValue()).isEqualTo(2L * same.length);
        JsonObject group = report.getJsonArray("items").getJsonObject(0);
        assertThat(group.getInt("count")).isEqualTo(3);
        assertThat(group.getJsonNumber("size_bytes").longValue()).isEqualTo(same.length);
        assertThat(group.getString("etag")).isNotBlank();
        assertThat(group.getJsonArray("objects").getJsonObject(0).getString("id")).as("oldest first, the one kept")
                .isEqualTo(oldest);

        JsonObject project = admin.get("/api/v1/admin/duplicates?user_id=" + user + "&project_id=p1").json();
        assertThat(project.getJsonNumber("reclaimable_bytes").longValue()).isEqualTo(same.length);
        assertThat(admin.get("/api/v1/admin/duplicates?user_id=a/b").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/admin/duplicates?limit=0").status()).isEqualTo(400);
        assertThat(app.get("/api/v1/admin/duplicates").status()).as("admin only").isEqualTo(403);
    }

    @Test
    void aRecordIsFoundByItsKeyAndAnUnknownKeyIsNotFound() {
        String id = upload("p1", "look.bin", new byte[] {1, 2, 3});
        String key = app.get("/api/v1/objects/" + id).json().getString("key");
        Api.Reply found = app.get("/api/v1/objects/by-key?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().getString("id")).isEqualTo(id);
        Api.Reply missing = app.get("/api/v1/objects/by-key?key=users/" + user + "/nothing/here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(app.get("/api/v1/objects/by-key").status()).as("key is required").isEqualTo(400);
    }

    private String upload(String project, String filename, byte[] bytes) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", project).field("file_type", "data").file(filename, "application/octet-stream",
                        bytes));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }
}
