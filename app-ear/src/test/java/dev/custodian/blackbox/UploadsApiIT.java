package dev.custodian.blackbox;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Objects": direct uploads through a presigned URL, confirmed by HEAD. */
class UploadsApiIT {

    private final Api api = Api.asApp();
    private final String user = "u-" + UUID.randomUUID();

    private JsonObject announce(String filename, int size) {
        Api.Reply reply = api.postJson("/api/v1/uploads", """
                {"user_id": "%s", "project_id": "p1", "scene_id": "s1", "file_type": "image",
                 "filename": "%s", "content_type": "image/png", "size_bytes": %d,
                 "retention_class": "temporary", "job_id": "job-1", "metadata": {"source": "render"}}
                """.formatted(user, filename, size));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static int putBytes(JsonObject ticket, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create(ticket.getString("upload_url")))
                .method(ticket.getString("upload_method"), HttpRequest.BodyPublishers.ofByteArray(body));
        ticket.getJsonObject("upload_headers").forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                request.header(name, ((jakarta.json.JsonString) value).getString());
            }
        });
        return Api.send(request).status();
    }

    @Test
    void anAnnouncementWithoutATypeTakesTheNamesAndTheUploadMustSendIt() {
        Api.Reply reply = api.postJson("/api/v1/uploads", """
                {"user_id": "%s", "file_type": "audio", "filename": "voice.mp3", "size_bytes": 3}
                """.formatted(user));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().getJsonObject("object").getString("content_type")).isEqualTo("audio/mpeg");
        JsonObject headers = reply.json().getJsonObject("upload_headers");
        assertThat(headers.keySet().stream().filter(h -> h.equalsIgnoreCase("content-type")).map(headers::getString))
                .as("the PUT is signed for the type recorded").containsExactly("audio/mpeg");
        assertThat(putBytes(reply.json(), new byte[] {1, 2, 3})).isEqualTo(200);
        Api.Reply done = api.post("/api/v1/uploads/" + reply.json().getJsonObject("object").getString("id")
                + "/complete");
        assertThat(done.json().getString("content_type")).isEqualTo("audio/mpeg");
    }

    @Test
    void announcedUploadBecomesActiveOnceTheBytesAreThere() {
        byte[] png = "not really a png".getBytes(StandardCharsets.UTF_8);
        JsonObject ticket = announce("bg.png", png.length);
        JsonObject pending = ticket.getJsonObject("object");
        assertThat(pending.getString("state")).isEqualTo("pending");
        assertThat(pending.getString("key")).isEqualTo("users/" + user + "/projects/p1/scenes/s1/image/bg.png");
        assertThat(ticket.getString("upload_method")).isEqualTo("PUT");
        assertThat(ticket.getString("expires_at")).isNotBlank();

        String id = pending.getString("id");
        Api.Reply early = api.post("/api/v1/uploads/" + id + "/complete");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.contentType()).startsWith("application/problem+json");

        assertThat(putBytes(ticket, png)).isEqualTo(200);
        Api.Reply done = api.post("/api/v1/uploads/" + id + "/complete");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        JsonObject active = done.json();
        assertThat(active.getString("state")).isEqualTo("active");
        assertThat(active.getJsonNumber("size_bytes").longValue()).isEqualTo(png.length);
        assertThat(active.getString("etag")).isNotBlank();
        assertThat(active.getString("retention_class")).isEqualTo("temporary");
        assertThat(active.getString("job_id")).isEqualTo("job-1");
        assertThat(active.getJsonObject("metadata").getString("source")).isEqualTo("render");

        assertThat(api.post("/api/v1/uploads/" + id + "/complete").status()).as("completing twice").isEqualTo(200);
    }

    @Test
    void anAnnouncedKeyIsClaimedAgainstASecondAnnouncement() {
        announce("once.png", 3);
        Api.Reply second = api.postJson("/api/v1/uploads", """
                {"user_id": "%s", "project_id": "p1", "scene_id": "s1", "file_type": "image",
                 "filename": "once.png", "size_bytes": 3}""".formatted(user));
        assertThat(second.status()).isEqualTo(409);
    }

    @Test
    void bytesOfAnotherSizeThanAnnouncedDoNotBecomeActive() {
        JsonObject ticket = announce("wrong.png", 4);
        String id = ticket.getJsonObject("object").getString("id");
        Bucket.put(ticket.getJsonObject("object").getString("key"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        Api.Reply refused = api.post("/api/v1/uploads/" + id + "/complete");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().getString("detail")).contains("8 bytes").contains("announced 4");
        assertThat(api.get("/api/v1/objects/" + id).json().getString("state")).isEqualTo("pending");
        assertThat(putBytes(ticket, new byte[] {1, 2, 3, 4})).isEqualTo(200);
        assertThat(api.post("/api/v1/uploads/" + id + "/complete").status()).as("the right bytes").isEqualTo(200);
    }

    @Test
    void completingAnUnknownUploadIs404() {
        assertThat(api.post("/api/v1/uploads/" + UUID.randomUUID() + "/complete").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/uploads/nope/complete").status()).isEqualTo(400);
    }

    @Test
    void badAnnouncementsNameTheirFields() {
        Api.Reply reply = api.postJson("/api/v1/uploads", """
                {"user_id": "%s", "file_type": "image", "filename": "../x", "size_bytes": -1,
                 "colour": "red", "content_type": "not a type"}""".formatted(user));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                .contains("colour");
        Api.Reply semantic = api.postJson("/api/v1/uploads", """
                {"user_id": "%s", "file_type": "image", "filename": "..", "size_bytes": 1,
                 "content_type": "not a type"}""".formatted(user));
        assertThat(semantic.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                .contains("filename", "content_type");
        Api.Reply missingSize = api.postJson("/api/v1/uploads", """
                {"user_id": "%s", "file_type": "image", "filename": "a.png"}""".formatted(user));
        assertThat(missingSize.json().getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("size_bytes");
        assertThat(api.get("/api/v1/objects?user_id=" + user + "&state=pending").json().getJsonArray("items"))
                .isEmpty();
    }
}
