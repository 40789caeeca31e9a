package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 25 item 4: duplicate removal keeps the oldest copy, through the deletion pipeline, per owner. */
class DuplicateRemovalIT {

    private static final String REMOVALS = "/api/v1/admin/duplicates/removals";

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final String user = "u" + UUID.randomUUID().toString().substring(0, 8);
    private final String other = "o" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aConfirmedRemovalDeletesTheNewerCopiesOnlyAndTheLookupAnswersTheKeptOne() {
        byte[] same = ("identical " + user).getBytes(StandardCharsets.UTF_8);
        JsonObject oldest = upload(user, "p1", "a.bin", same);
        JsonObject second = upload(user, "p1", "b.bin", same);
        JsonObject third = upload(user, "p2", "c.bin", same);
        JsonObject othersCopy = upload(other, "p1", "a.bin", same);
        JsonObject othersSecond = upload(other, "p1", "b.bin", same);
        String body = "{\"user_id\": \"" + user + "\"}";

        Api.Reply dry = admin.postJson(REMOVALS, body);
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        JsonObject plan = dry.json();
        assertThat(plan.getBoolean("dry_run")).isTrue();
        assertThat(plan.getInt("delete_count")).isEqualTo(2);
        JsonObject group = plan.getJsonArray("items").getJsonObject(0);
        assertThat(group.getJsonObject("kept").getString("key")).isEqualTo(oldest.getString("key"));
        assertThat(group.getJsonArray("deleted").getValuesAs(JsonObject.class)).extracting(c -> c.getString("key"))
                .containsExactly(second.getString("key"), third.getString("key"));
        assertThat(Bucket.read(second.getString("key"))).as("a dry run changes nothing").isPresent();
        assertThat(app.get("/api/v1/objects/" + second.getString("id")).json().getString("state")).isEqualTo("active");
        String token = plan.getString("confirmation_token");

        assertThat(admin.postJson(REMOVALS, "{\"user_id\": \"" + user + "\", \"dry_run\": false}").status())
                .as("no token").isEqualTo(409);
        Api.Reply otherGroups = admin.postJson(REMOVALS, "{\"user_id\": \"" + user + "\", \"dry_run\": false,"
                + " \"groups\": [{\"size_bytes\": 1, \"etag\": \"x\"}], \"confirmation_token\": \"" + token + "\"}");
        assertThat(otherGroups.status()).as("other parameters than the dry run's").isEqualTo(409);
        assertThat(otherGroups.contentType()).startsWith("application/problem+json");

        Api.Reply run = admin.postJson(REMOVALS, "{\"user_id\": \"" + user + "\", \"dry_run\": false,"
                + " \"confirmation_token\": \"" + token + "\"}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        String deletionId = run.json().getString("deletion_id");
        JsonObject finished = Deletions.awaitFinished(admin, deletionId, Duration.ofSeconds(20));
        assertThat(finished.getString("state")).isEqualTo("completed");
        assertThat(finished.getJsonObject("scope").getString("type")).isEqualTo("duplicates");
        assertThat(admin.postJson(REMOVALS, "{\"user_id\": \"" + user + "\", \"dry_run\": false,"
                + " \"confirmation_token\": \"" + token + "\"}").status()).as("a token is used once").isEqualTo(409);

        assertThat(Bucket.read(second.getString("key"))).isEmpty();
        assertThat(Bucket.read(third.getString("key"))).isEmpty();
        assertThat(Bucket.read(oldest.getString("key"))).contains(same);
        assertThat(app.get("/api/v1/objects/" + oldest.getString("id")).json().getString("state")).isEqualTo("active");
        assertThat(app.get("/api/v1/objects/" + third.getString("id")).json().getString("state")).isEqualTo("deleted");
        for (JsonObject untouched : new JsonObject[] {othersCopy, othersSecond}) {
            assertThat(Bucket.read(untouched.getString("key"))).as("another owner's copies").contains(same);
            assertThat(app.get("/api/v1/objects/" + untouched.getString("id")).json().getString("state"))
                    .isEqualTo("active");
        }

        JsonObject audit = admin.get("/api/v1/audit?key=" + URLEncoder.encode(third.getString("key"),
                StandardCharsets.UTF_8)).json();
        assertThat(audit.getJsonArray("items").getValuesAs(JsonObject.class))
                .anySatisfy(e -> {
                    assertThat(e.getString("action")).isEqualTo("remove_duplicate");
                    assertThat(e.getString("detail")).contains(oldest.getString("key"));
                })
                .anySatisfy(e -> assertThat(e.getString("outcome")).isEqualTo("deleted"));

        Api.Reply lookup = app.get("/api/v1/objects/by-key?key=" + URLEncoder.encode(third.getString("key"),
                StandardCharsets.UTF_8));
        assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
        assertThat(lookup.json().getString("id")).isEqualTo(oldest.getString("id"));
        assertThat(lookup.json().getJsonObject("duplicate_removed").getString("key")).isEqualTo(third.getString("key"));
        assertThat(lookup.json().getJsonObject("duplicate_removed").getString("deletion_id")).isEqualTo(deletionId);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        for (String bad : new String[] {"{}", "{\"user_id\": \"a/b\"}", "{\"user_id\": 5}", "[1]", "{\"user_id\": \"u\"",
                "{\"user_id\": \"u\", \"nope\": 1}", "{\"user_id\": \"u\", \"groups\": [{\"size_bytes\": -1, \"etag\": \"e\"}]}",
                "{\"user_id\": \"u\", \"groups\": [{\"size_bytes\": 1}]}", "{\"user_id\": \"u\", \"groups\": \"g\"}",
                "{\"user_id\": \"u\", \"max_delete\": -1}", "{\"user_id\": \"u\", \"dry_run\": \"no\"}",
                "{\"user_id\": \"u\", \"groups\": [{\"size_bytes\": 1, \"etag\": \"e\\u0000\"}]}"}) {
            Api.Reply reply = admin.postJson(REMOVALS, bad);
            assertThat(reply.status()).as(bad + " -> " + reply).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        assertThat(app.postJson(REMOVALS, "{\"user_id\": \"u\"}").status()).as("admin only").isEqualTo(403);
    }

    private JsonObject upload(String owner, String project, String filename, byte[] bytes) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", owner)
                .field("project_id", project).field("file_type", "data").file(filename, "application/octet-stream",
                        bytes));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }
}
