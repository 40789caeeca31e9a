package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 25 item 6: the command line's jar run as a process against the shared server, as an
 * operator or cron runs it (no terminal), its exit status and output checked.
 */
class CommandLineIT {

    private static final Pattern TOKEN = Pattern.compile("Confirmation token: (\\S+)");

    private final Api app = Api.asApp();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String project = "p" + tag;
    private final String prefix = "users/" + user + "/";

    /** What one run of the command line printed, and its exit status. */
    record Run(int exit, String out, String err) {

        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(out))) {
                return reader.readObject();
            }
        }
    }

    /** {@code custodian args…} with CUSTODIAN_URL and CUSTODIAN_TOKEN (an admin's) set, unless {@code token} is null. */
    private static Run custodianAs(String token, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                System.getProperty("custodian.test.cli-jar")));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("custodian-cli-", ".out");
            Path err = Files.createTempFile("custodian-cli-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("CUSTODIAN_URL", CustodianServer.shared().uri("").toString());
            builder.environment().remove("CUSTODIAN_TOKEN");
            if (token != null) {
                builder.environment().put("CUSTODIAN_TOKEN", token);
            }
            Process process = builder.start();
            process.getOutputStream().close();
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("custodian %s ends", List.of(args)).isTrue();
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Run custodian(String... args) {
        return custodianAs(CustodianServer.ADMIN_TOKEN, args);
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private String upload(String project, String filename) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", project).field("scene_id", "s1").field("file_type", "audio")
                .file(filename, "audio/mpeg", ("bytes of " + filename).getBytes(StandardCharsets.UTF_8)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("key");
    }

    @Test
    void maintenanceReportsFindingsAndActsOnlyWithTheDryRunsToken() {
        String kept = upload(project, "kept.mp3");
        String orphan = prefix + "projects/" + project + "/images/orphan.png";
        Bucket.put(orphan, new byte[] {1, 2, 3});
        String[] flags = {"maintenance", "--prefix", prefix, "--orphan-action", "quarantine", "--min-age-days", "0"};

        Run dry = custodian(flags);
        assertThat(dry.exit()).as(dry.err()).isEqualTo(1);
        assertThat(dry.out()).startsWith("=== Storage Maintenance Report ===\n")
                .contains("⚠️  Found 1 orphaned files:\n  - " + orphan + " (created: ")
                .contains("=== Summary ===\nOrphaned files: 1\nOrphaned records: 0\n");
        Matcher token = TOKEN.matcher(dry.out());
        assertThat(token.find()).as(dry.out()).isTrue();

        Run unconfirmed = custodian(with(flags, "--execute"));
        assertThat(unconfirmed.exit()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("not a terminal").contains("--confirmation-token");
        assertThat(Bucket.keys(prefix)).as("nothing changed").contains(orphan, kept);

        Run executed = custodian(with(flags, "--execute", "--confirmation-token", token.group(1)));
        assertThat(executed.exit()).as(executed.err()).isZero();
        assertThat(executed.out()).contains(orphan + " (created: ").contains("→ quarantined").contains("Quarantined: 1");
        assertThat(Bucket.keys(prefix)).containsExactly(kept);

        Run clean = custodian(with(flags, "--json"));
        assertThat(clean.exit()).as(clean.err()).isZero();
        JsonObject run = clean.json();
        assertThat(run.getString("state")).isEqualTo("completed");
        assertThat(run.getJsonObject("summary").getInt("orphaned_files")).isZero();
        assertThat(run.getJsonObject("params").getString("key_prefix")).isEqualTo(prefix);
    }

    @Test
    void aProjectIsDeletedFollowedToItsEndAndItsReceiptVerifiedUnlessTamperedWith() throws Exception {
        String first = upload(project, "a.mp3");
        String second = upload(project, "b.mp3");
        String[] delete = {"delete", "project", project, "--user", user};

        Run plan = custodian(with(delete, "--dry-run"));
        assertThat(plan.exit()).as(plan.err()).isEqualTo(1);
        assertThat(plan.out()).contains("would delete 2 objects").contains(first).contains(second)
                .contains("Nothing was changed.");
        assertThat(Bucket.keys(prefix)).contains(first, second);

        Run deleted = custodian(with(delete, "--json"));
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        JsonObject deletion = deleted.json();
        assertThat(deletion.getString("state")).isEqualTo("completed");
        assertThat(deletion.getJsonObject("verification").getBoolean("is_clean")).isTrue();
        assertThat(deletion.getJsonObject("scope").getString("user_id")).isEqualTo(user);
        assertThat(Bucket.keys(prefix)).isEmpty();
        String id = deletion.getString("id");

        Run followed = custodian("deletion", id);
        assertThat(followed.exit()).as(followed.err()).isZero();
        assertThat(followed.out()).contains("Deletion " + id).contains(": completed")
                .contains("deleted 2 of 2 keys, failed 0").contains("verified clean");

        Await.until("the receipt signed", () -> app.get("/api/v1/deletions/" + id + "/receipt").status(),
                status -> status == 200, Duration.ofSeconds(10));
        Run receipt = custodian("receipt", id, "--key", second);
        assertThat(receipt.exit()).as(receipt.err()).isZero();
        assertThat(receipt.out()).contains("Signature verified (EdDSA").contains("deleted 2, held 0, failed 0")
                .contains("Key " + second + ": included");

        String jws = app.get("/api/v1/deletions/" + id + "/receipt").body();
        String[] parts = jws.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"failed\":0", "\"failed\":1").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(forged).isNotEqualTo(jws);
        LedgerSeed.update("update deletion_receipt set jws = ? where deletion_id = ?", forged, UUID.fromString(id));
        Run tampered = custodian("receipt", id);
        assertThat(tampered.exit()).isEqualTo(2);
        assertThat(tampered.err()).contains("signature does NOT verify");
        assertThat(tampered.out()).isEmpty();
    }

    @Test
    void badFlagsAndRefusedValuesExit2WithTheMessageAndChangeNothing() {
        String key = upload(project, "stays.mp3");

        Run unknown = custodian("maintenance", "--bogus");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'");

        Run badPrefix = custodian("maintenance", "--prefix", "users/x");
        assertThat(badPrefix.exit()).isEqualTo(2);
        assertThat(badPrefix.err()).contains("400").contains("key_prefix (--prefix): ");

        Run wrongBucket = custodian("clear", "--prefix", prefix, "--confirm", "not-the-bucket", "--execute");
        assertThat(wrongBucket.exit()).isEqualTo(2);
        assertThat(wrongBucket.err()).contains("confirm (--confirm): must be the bucket's name");

        Run noToken = custodianAs(null, "delete", "user", user);
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("no token");

        Run appToken = custodianAs(CustodianServer.APP_TOKEN, "clear", "--prefix", prefix, "--confirm", "x");
        assertThat(appToken.exit()).isEqualTo(2);
        assertThat(appToken.err()).contains("403").doesNotContain(CustodianServer.APP_TOKEN);
        assertThat(Bucket.keys(prefix)).as("nothing changed").containsExactly(key);

        Run usage = custodian("usage", "--group-by", "project", "--user", user, "--json");
        assertThat(usage.exit()).as(usage.err()).isZero();
        JsonObject row = usage.json().getJsonArray("items").getJsonObject(0);
        assertThat(row.getString("group")).isEqualTo(project);
        assertThat(row.getString("user_id")).isEqualTo(user);
        assertThat(row.getInt("objects")).isEqualTo(1);
    }
}
