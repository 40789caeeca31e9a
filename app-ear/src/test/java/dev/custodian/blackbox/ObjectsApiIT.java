package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Objects": upload through the service, list, read one, content. */
class ObjectsApiIT {

    private final Api api = Api.asApp();
    /** Every test has its own user, so tests never see each other's objects. */
    private final String user = "u-" + UUID.randomUUID();

    private Api.Reply upload(String project, String scene, String fileType, String filename, String body) {
        Multipart form = new Multipart().field("user_id", user).field("file_type", fileType)
                .file(filename, "audio/mpeg", body.getBytes(StandardCharsets.UTF_8));
        if (project != null) {
            form.field("project_id", project);
        }
        if (scene != null) {
            form.field("scene_id", scene);
        }
        return api.postMultipart("/api/v1/objects", form);
    }

    @Test
    void uploadStoresTheBytesUnderTheCanonicalKeyAndRecordsThem() {
        Api.Reply reply = upload("p1", "s1", "audio", "narration.mp3", "sound");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonObject record = reply.json();
        String key = "users/" + user + "/projects/p1/scenes/s1/audio/narration.mp3";
        assertThat(record.getString("key")).isEqualTo(key);
        assertThat(record.getString("state")).isEqualTo("active");
        assertThat(record.getString("retention_class")).isEqualTo("standard");
        assertThat(record.getString("content_type")).isEqualTo("audio/mpeg");
        assertThat(record.getJsonNumber("size_bytes").longValue()).isEqualTo(5);
        assertThat(record.getString("user_id")).isEqualTo(user);
        assertThat(record.get("job_id").getValueType()).isEqualTo(jakarta.json.JsonValue.ValueType.NULL);
        assertThat(Bucket.read(key)).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("sound"));

        JsonObject fetched = api.get("/api/v1/objects/" + record.getString("id")).json();
        assertThat(fetched).isEqualTo(record);
    }

    @Test
    void projectAndUserFilesGetTheirShorterLayouts() {
        assertThat(upload("p1", null, "output", "final.mp4", "v").json().getString("key"))
                .isEqualTo("users/" + user + "/projects/p1/output/final.mp4");
        assertThat(upload(null, null, "avatar", "me.png", "i").json().getString("key"))
                .isEqualTo("users/" + user + "/avatar/me.png");
    }

    @Test
    void theSameKeyTwiceIsAConflictUnlessReplaceIsAsked() {
        String id = upload("p1", "s1", "audio", "a.mp3", "first").json().getString("id");

        Api.Reply again = upload("p1", "s1", "audio", "a.mp3", "second");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(Bucket.read("users/" + user + "/projects/p1/scenes/s1/audio/a.mp3").orElseThrow())
                .asString(StandardCharsets.UTF_8).isEqualTo("first");

        Api.Reply replaced = api.postMultipart("/api/v1/objects?on_conflict=replace", new Multipart()
                .field("user_id", user).field("project_id", "p1").field("scene_id", "s1").field("file_type", "audio")
                .file("a.mp3", "audio/mpeg", "second!".getBytes(StandardCharsets.UTF_8)));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(201);
        assertThat(replaced.json().getString("id")).isEqualTo(id);
        assertThat(replaced.json().getJsonNumber("size_bytes").longValue()).isEqualTo(7);
        assertThat(Bucket.read("users/" + user + "/projects/p1/scenes/s1/audio/a.mp3").orElseThrow())
                .asString(StandardCharsets.UTF_8).isEqualTo("second!");
    }

    @Test
    void listFiltersAndPagesWithACursor() {
        for (int i = 0; i < 5; i++) {
            upload("p1", "s" + i, "audio", "a.mp3", "x");
        }
        upload("p2", "s1", "image", "b.png", "y");

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/api/v1/objects?user_id=" + user + "&project_id=p1&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            JsonObject page = api.get(path).json();
            page.getJsonArray("items").forEach(item -> {
                assertThat(item.asJsonObject().getString("project_id")).isEqualTo("p1");
                seen.add(item.asJsonObject().getString("id"));
            });
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(5);
        assertThat(pages).isEqualTo(3);

        JsonObject images = api.get("/api/v1/objects?user_id=" + user + "&file_type=image").json();
        assertThat(images.getJsonArray("items")).hasSize(1);
        JsonObject byPrefix = api.get("/api/v1/objects?key_prefix=users/" + user + "/projects/p2/").json();
        assertThat(byPrefix.getJsonArray("items")).hasSize(1);
    }

    @Test
    void contentRedirectsToAPresignedUrlThatServesTheBytes() throws Exception {
        String id = upload("p1", "s1", "audio", "c.mp3", "listen").json().getString("id");

        Api.Reply download = follow(id);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("listen");

        JsonObject link = api.get("/api/v1/objects/" + id + "/content?redirect=false").json();
        assertThat(link.getString("url")).startsWith("http://127.0.0.1:");
        assertThat(link.getString("expires_at")).isNotBlank();
    }

    @Test
    void aTypeThatSaysNothingComesFromTheNameAndMarkupIsOnlyEverDownloaded() {
        Api.Reply mp3 = api.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("file_type", "audio").file("narration.mp3", "application/octet-stream",
                        "sound".getBytes(StandardCharsets.UTF_8)));
        assertThat(mp3.status()).as(mp3.toString()).isEqualTo(201);
        assertThat(mp3.json().getString("content_type")).isEqualTo("audio/mpeg");
        Api.Reply played = follow(mp3.json().getString("id"));
        assertThat(played.header("Content-Type")).isEqualTo("audio/mpeg");
        assertThat(played.header("Content-Disposition")).as("shown inline").isNull();

        for (String[] markup : new String[][] {{"page.html", "text/html"}, {"logo.svg", "application/octet-stream"}}) {
            Api.Reply stored = api.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                    .field("file_type", "image").file(markup[0], markup[1],
                            "<svg onload=alert(1)></svg>".getBytes(StandardCharsets.UTF_8)));
            assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
            Api.Reply served = follow(stored.json().getString("id"));
            assertThat(served.body()).isEqualTo("<svg onload=alert(1)></svg>");
            assertThat(served.header("Content-Disposition")).as(markup[0] + " is saved, never run")
                    .startsWith("attachment; filename=\"" + markup[0] + "\"");
        }
    }

    /** The object's content, read through the presigned URL its content link redirects to. */
    private Api.Reply follow(String id) {
        Api.Reply redirect = api.get("/api/v1/objects/" + id + "/content");
        assertThat(redirect.status()).isEqualTo(307);
        return Api.send(HttpRequest.newBuilder(URI.create(redirect.header("Location"))).GET());
    }

    @Test
    void unknownIdsAre404AndMalformedIds400() {
        assertThat(api.get("/api/v1/objects/" + UUID.randomUUID()).status()).isEqualTo(404);
        Api.Reply malformed = api.get("/api/v1/objects/not-a-uuid");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("id");
    }

    @Test
    void badInputIsRefusedWithTheFieldNamedAndWritesNothing() {
        List<Multipart> bad = List.of(
                form().field("user_id", "a/b"),
                form().field("user_id", ".."),
                form().field("user_id", "x".repeat(129)),
                form().field("user_id", "bad\u0001id"),
                form().field("file_type", "Audio"),
                form().field("retention_class", "forever"),
                form().field("metadata", "{not json"),
                form().field("metadata", "[1,2]"),
                form().field("scene_id", "s1"));
        List<String> fields = List.of("user_id", "user_id", "user_id", "user_id", "file_type", "retention_class",
                "metadata", "metadata", "scene_id");
        for (int i = 0; i < bad.size(); i++) {
            Api.Reply reply = api.postMultipart("/api/v1/objects", bad.get(i));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().getJsonArray("errors").stream()
                    .map(e -> e.asJsonObject().getString("field"))).contains(fields.get(i));
        }
        Api.Reply noFile = api.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("file_type", "audio").field("filename", "x.mp3"));
        assertThat(noFile.status()).isEqualTo(400);

        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
        assertThat(Bucket.keys("users/a")).isEmpty();
        assertThat(api.get("/api/v1/objects?user_id=" + user).json().getJsonArray("items")).isEmpty();
    }

    /** A valid upload form; each bad case overrides one field. */
    private Multipart form() {
        return new Multipart().field("user_id", user).field("file_type", "audio")
                .file("f.mp3", "audio/mpeg", new byte[] {1, 2, 3});
    }

    /**
     * Small files stay in memory, larger ones are spooled: every size around that line, and bytes
     * that look like the form's own boundary, arrive byte for byte, whichever part comes first.
     */
    @Test
    void filesOfEverySizeArriveByteForByte() {
        int inMemory = 64 * 1024;
        Random random = new Random(7);
        for (int size : List.of(0, 1, inMemory - 1, inMemory, inMemory + 1, 300 * 1024)) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            if (size > 100) {
                byte[] lookalike = "\r\n------custodian\r\n".getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(lookalike, 0, bytes, 50, lookalike.length);
            }
            Api.Reply reply = api.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                    .field("file_type", "video").file("clip-" + size + ".bin", "video/mp4", bytes));

            assertThat(reply.status()).as(size + " bytes: " + reply).isEqualTo(201);
            assertThat(reply.json().getJsonNumber("size_bytes").longValue()).isEqualTo(size);
            assertThat(Bucket.read(reply.json().getString("key"))).as(size + " bytes")
                    .hasValueSatisfying(stored -> assertThat(stored).isEqualTo(bytes));
        }

        String boundary = "b-" + UUID.randomUUID();
        String fileFirst = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"first.mp3\""
                + "\r\n\r\nbytes first\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\n"
                + user + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_type\"\r\n\r\naudio\r\n--"
                + boundary + "--\r\n";
        Api.Reply reply = api.send("POST", "/api/v1/objects", "multipart/form-data; boundary=" + boundary,
                fileFirst.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().getString("content_type")).as("no type sent: the name's").isEqualTo("audio/mpeg");
        assertThat(Bucket.read("users/" + user + "/audio/first.mp3")).hasValueSatisfying(stored ->
                assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("bytes first"));
    }

    /** A client that goes away halfway through its file leaves no record and no spooled bytes behind. */
    @Test
    void anUploadCutOffHalfwayLeavesNothingBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String boundary = "cut-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\n" + user
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_type\"\r\n\r\nvideo\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\"\r\n\r\n";
        URI base = CustodianServer.shared().uri("/");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/objects HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer "
                    + CustodianServer.APP_TOKEN + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + (10 * 1024 * 1024) + "\r\n\r\n" + head)
                    .getBytes(StandardCharsets.UTF_8));
            out.write(new byte[1024 * 1024]); // past the in-memory line: the rest is being spooled
            out.flush();
            Await.until("the upload spooling", () -> spooledUploads(tmp), n -> n > 0, Duration.ofSeconds(10));
        }
        Await.until("the spooled bytes gone", () -> spooledUploads(tmp), n -> n == 0, Duration.ofSeconds(30));
        assertThat(api.get("/api/v1/objects?user_id=" + user + "&state=pending").json().getJsonArray("items")).isEmpty();
        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
    }

    private static long spooledUploads(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("custodian-upload-")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body that is not a well-formed upload form is 400 naming what is wrong, and stores nothing. */
    @Test
    void aBodyOfManyPartsIsRefusedWithAShortAnswer() {
        String boundary = "bomb" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        // far past the limit of parts, yet small enough to lie in the socket's buffers: the server
        // answers at the 33rd part and reads no further (a body of 20,000 parts is refused the same way)
        for (int i = 0; i < 100; i++) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                    .append("n".repeat(2048)).append(i).append("\"\r\n\r\nv\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");

        // over HTTP/1.1: Grizzly's h2c upgrade loses an answer given before the body was read
        Api.Reply reply = api.overHttp11().send("POST", "/api/v1/objects", "multipart/form-data; boundary=" + boundary,
                body.toString().getBytes(StandardCharsets.ISO_8859_1));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().length()).as("the answer lists a handful of problems, not one per part").isLessThan(4096);
        assertThat(reply.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                .contains("body");
    }

    @Test
    void aBodyThatIsNotAnUploadFormIs400AndStoresNothing() {
        Multipart form = form();
        String type = "multipart/form-data; boundary=" + form.boundary();
        String body = new String(form.body(), StandardCharsets.ISO_8859_1);
        String end = "--" + form.boundary() + "--";
        String secondFile = body.replace(end, "--" + form.boundary()
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"g.mp3\"\r\n\r\nx\r\n" + end);
        String cutShort = body.substring(0, body.lastIndexOf(end));
        List<Map.Entry<String, Api.Reply>> replies = List.of(
                Map.entry("body", api.send("POST", "/api/v1/objects", "multipart/form-data", form.body())),
                Map.entry("body", api.send("POST", "/api/v1/objects", type, cutShort.getBytes(StandardCharsets.ISO_8859_1))),
                Map.entry("body", api.send("POST", "/api/v1/objects", type, "no parts at all".getBytes(StandardCharsets.UTF_8))),
                Map.entry("file", api.send("POST", "/api/v1/objects", type, secondFile.getBytes(StandardCharsets.ISO_8859_1))),
                Map.entry("colour", api.postMultipart("/api/v1/objects", form().field("colour", "blue"))));

        replies.forEach(expected -> {
            Api.Reply reply = expected.getValue();
            assertThat(reply.status()).as(expected.getKey() + ": " + reply).isEqualTo(400);
            assertThat(reply.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                    .as(reply.toString()).contains(expected.getKey());
        });
        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
        assertThat(api.get("/api/v1/objects?user_id=" + user + "&state=pending").json().getJsonArray("items")).isEmpty();
    }

    @Test
    void listRejectsAnUnknownStateAndAnOutOfRangeLimit() {
        assertThat(api.get("/api/v1/objects?state=gone").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/objects?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/objects?limit=1001").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/objects?cursor=garbage").status()).isEqualTo(400);
    }

    /** Every list that pages: a limit or cursor that is not one is 400 naming the field, never 404. */
    @Test
    void everyListNamesABadLimitOrCursor() {
        Api admin = Api.asAdmin();
        List<String> lists = List.of("/api/v1/objects", "/api/v1/deletions", "/api/v1/audit", "/api/v1/quarantine",
                "/api/v1/maintenance/runs", "/api/v1/maintenance/runs/" + UUID.randomUUID() + "/findings",
                "/api/v1/retention-policies/no-such-policy/preview", "/api/v1/batch/executions");
        for (String list : lists) {
            for (String query : List.of("limit=abc", "limit=1.5", "cursor=%%%")) {
                String field = query.substring(0, query.indexOf('='));
                Api.Reply reply = admin.rawGet(list + "?" + query);
                assertThat(reply.status()).as(list + "?" + query + ": " + reply).isEqualTo(400);
                assertThat(reply.contentType()).startsWith("application/problem+json");
                assertThat(reply.json().getString("detail")).as(list + "?" + query).contains(field);
                assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo(field);
            }
        }
    }

    @Test
    void aBadReasonIs400NamingItAndDeletesNothing() {
        String id = upload(null, null, "audio", "reason.mp3", "keep me").json().getString("id");
        for (String reason : List.of("line%0Abreak", "r".repeat(501))) {
            Api.Reply reply = api.delete("/api/v1/objects/" + id + "?reason=" + reason);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().getString("detail")).contains("reason");
        }
        Api.Reply owner = api.delete("/api/v1/users/" + user + "?reason=tab%09in");
        assertThat(owner.status()).as(owner.toString()).isEqualTo(400);
        assertThat(owner.json().getString("detail")).contains("reason");
        assertThat(api.get("/api/v1/objects/" + id).json().getString("state")).isEqualTo("active");
        assertThat(upload(null, null, "audio", "after.mp3", "x").status()).as("the user was not tombstoned")
                .isEqualTo(201);
    }
}
