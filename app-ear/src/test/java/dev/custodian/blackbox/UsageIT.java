package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Admin", usage: sums of what was uploaded, grouped, paged, and a user's bytes by day. */
class UsageIT {

    private final Api api = Api.asApp();
    private final String user = "u-" + UUID.randomUUID();

    private void upload(String project, String fileType, String filename, int size) {
        upload(user, project, fileType, filename, size);
    }

    private void upload(String owner, String project, String fileType, String filename, int size) {
        Multipart form = new Multipart().field("user_id", owner).field("project_id", project)
                .field("file_type", fileType).field("retention_class", "final")
                .file(filename, "application/octet-stream", "x".repeat(size).getBytes(StandardCharsets.UTF_8));
        Api.Reply reply = api.postMultipart("/api/v1/objects", form);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    private List<JsonObject> items(String query) {
        Api.Reply reply = api.get("/api/v1/usage?" + query);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    /** The items of every page, following the cursors. */
    private List<JsonObject> everyPage(String query) {
        List<JsonObject> seen = new ArrayList<>();
        String cursor = null;
        do {
            Api.Reply reply = api.get("/api/v1/usage?" + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            seen.addAll(reply.json().getJsonArray("items").getValuesAs(JsonObject.class));
            cursor = reply.json().isNull("next_cursor") ? null : reply.json().getString("next_cursor");
        } while (cursor != null);
        return seen;
    }

    private static String summary(JsonObject item) {
        return item.getString("group") + ":" + item.getJsonNumber("objects").longValue() + ":"
                + item.getJsonNumber("bytes").longValue();
    }

    @Test
    void usageMatchesTheUploadsMade() {
        upload("pa", "audio", "a.mp3", 10);
        upload("pa", "image", "b.png", 20);
        upload("pb", "audio", "c.mp3", 30);

        assertThat(items("group_by=project&user_id=" + user)).extracting(UsageIT::summary)
                .containsExactly("pa:2:30", "pb:1:30");
        assertThat(items("group_by=file_type&user_id=" + user)).extracting(UsageIT::summary)
                .containsExactly("audio:2:40", "image:1:20");
        assertThat(items("group_by=retention_class&user_id=" + user + "&project_id=pa"))
                .extracting(UsageIT::summary).containsExactly("final:2:30");
        assertThat(items("group_by=user&user_id=" + user)).extracting(UsageIT::summary)
                .containsExactly(user + ":3:60");
    }

    @Test
    void groupsArePagedByTheirValue() {
        for (String project : List.of("p1", "p2", "p3")) {
            upload(project, "audio", "a.mp3", 1);
        }
        assertThat(everyPage("group_by=project&limit=2&user_id=" + user)).extracting(i -> i.getString("group"))
                .containsExactly("p1", "p2", "p3");
    }

    @Test
    void aProjectIdUnderTwoUsersIsTwoGroupsEachNamingItsUser() {
        String project = "shared-" + UUID.randomUUID();
        String other = "u-" + UUID.randomUUID();
        upload(project, "audio", "a.mp3", 5);
        upload(other, project, "audio", "b.mp3", 7);
        upload(other, project, "image", "c.png", 1);

        assertThat(everyPage("group_by=project&limit=1&project_id=" + project))
                .extracting(i -> i.getString("user_id") + "/" + summary(i))
                .as("never merged, paged one user's project at a time").containsExactlyInAnyOrder(
                        user + "/" + project + ":1:5", other + "/" + project + ":2:8");
    }

    @Test
    void historyShowsTodaysBytesStored() {
        upload("ph", "audio", "a.mp3", 7);
        Api.Reply reply = api.get("/api/v1/usage/history?days=3&user_id=" + user);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<JsonObject> days = reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(days).extracting(d -> d.getString("day"))
                .containsExactly(today.minusDays(2).toString(), today.minusDays(1).toString(), today.toString());
        assertThat(days).extracting(d -> d.getJsonNumber("bytes").longValue()).containsExactly(0L, 0L, 7L);
    }

    @Test
    void badParametersAreNamed() {
        Api.Reply unknown = api.get("/api/v1/usage?group_by=colour");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().getString("detail")).contains("colour");
        assertThat(unknown.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("group_by");
        assertThat(api.get("/api/v1/usage?group_by=user&user_id=a/b").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/usage?group_by=user&cursor=nope").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/usage/history?user_id=" + user + "&days=91").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/usage/history").status()).isEqualTo(400);
        assertThat(Api.withToken(CustodianServer.CRON_TOKEN).get("/api/v1/usage?group_by=user").status())
                .as("cron may not read usage").isEqualTo(403);
    }
}
