package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "Erasure, owners and scans": a finished deletion's signed receipt, checked the way a
 * client would, with nothing but the JWKS, the JDK, openssl and RFC 6962 / RFC 9162.
 */
class ReceiptIT {

    private static final Duration FINISH = Duration.ofSeconds(60);
    /** An Ed25519 SubjectPublicKeyInfo is this DER prefix and the raw 32-byte key. */
    private static final String SPKI_PREFIX = "302a300506032b6570032100";

    private final Api app = Api.asApp();
    private final Api admin = Api.asAdmin();
    private final Api anonymous = Api.withToken(null);
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String user = "u" + tag;
    private final String project = "p" + tag;

    private String upload(String filename, byte[] bytes) {
        Api.Reply reply = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", project).field("scene_id", "s1").field("file_type", "audio")
                .file(filename, "audio/mpeg", bytes));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("key");
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static String decode(String base64url) {
        return new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** RFC 6962: SHA-256(0x00 || key || 0x00 || version id), the version id "" when there is none. */
    static byte[] leafHash(String key, String versionId) throws Exception {
        return sha256(new byte[] {0}, key.getBytes(StandardCharsets.UTF_8), new byte[] {0},
                (versionId == null ? "" : versionId).getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 6962's MTH, as written there. */
    static byte[] root(List<byte[]> leaves) throws Exception {
        if (leaves.isEmpty()) {
            return sha256();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return sha256(new byte[] {1}, root(leaves.subList(0, k)), root(leaves.subList(k, leaves.size())));
    }

    /** RFC 9162 section 2.1.3.2. */
    static boolean included(long index, long size, byte[] leaf, List<byte[]> path, byte[] root)
            throws Exception {
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = sha256(new byte[] {1}, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = sha256(new byte[] {1}, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** The Ed25519 public key of a JWK's x, the way the README shows it. */
    private static byte[] spki(String x) {
        byte[] raw = Base64.getUrlDecoder().decode(x);
        byte[] der = Arrays.copyOf(HexFormat.of().parseHex(SPKI_PREFIX), 44);
        System.arraycopy(raw, 0, der, 12, 32);
        return der;
    }

    private static boolean jdkVerifies(byte[] spki, String signingInput, byte[] signature) throws Exception {
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(signature);
    }

    /** README's command: {@code openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in signing-input -sigfile sig.bin}. */
    private static boolean opensslVerifies(byte[] spki, String signingInput, byte[] signature) throws Exception {
        Path dir = Files.createTempDirectory("receipt-it-");
        Files.writeString(dir.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(spki) + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(dir.resolve("signing-input"), signingInput, StandardCharsets.US_ASCII);
        Files.write(dir.resolve("sig.bin"), signature);
        Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin",
                "-in", "signing-input", "-sigfile", "sig.bin").directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = openssl.waitFor();
        assertThat(output).as("openssl says").containsAnyOf("Signature Verified Successfully",
                "Signature Verification Failure");
        return exit == 0;
    }

    static List<String> strings(JsonObject object, String field) {
        return object.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static long signedReceipts(String deletionId) {
        try {
            return LedgerSeed.count("select count(*) from deletion_receipt where deletion_id = ? and jws is not null",
                    UUID.fromString(deletionId));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys in the receipt's order: their UTF-8 bytes, unsigned. */
    static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    @Test
    void aFinishedDeletionsReceiptIsStableSignedByTheJwksKeyAndItsRootCoversEveryDeletedKey() throws Exception {
        List<String> keys = new ArrayList<>();
        long bytes = 0;
        for (String name : List.of("b.mp3", "B.mp3", "a.mp3", "é.mp3", "z-0.mp3")) {
            byte[] content = ("content of " + name).getBytes(StandardCharsets.UTF_8);
            keys.add(upload(name, content));
            bytes += content.length;
        }
        String untracked = "users/" + user + "/projects/" + project + "/scenes/s2/image/found-by-the-sweep.png";
        Bucket.put(untracked, new byte[] {1, 2, 3});
        keys.add(untracked);
        bytes += 3;
        Api.Reply accepted = app.delete("/api/v1/projects/" + project + "?user_id=" + user);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().getString("id");
        JsonObject deletion = Deletions.awaitFinished(app, id, FINISH);
        assertThat(deletion.getString("state")).isEqualTo("completed");
        Await.until("the receipt made and signed as the deletion finished", () -> signedReceipts(id), n -> n == 1,
                Duration.ofSeconds(10));

        Api.Reply first = app.get("/api/v1/deletions/" + id + "/receipt");
        Api.Reply second = app.get("/api/v1/deletions/" + id + "/receipt");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("application/jose");
        assertThat(second.body()).as("the same bytes each time").isEqualTo(first.body());
        Api.Reply asJson = Api.send(HttpRequest.newBuilder(app.uri("/api/v1/deletions/" + id + "/receipt"))
                .header("Authorization", "Bearer " + CustodianServer.APP_TOKEN).header("Accept", "application/json"));
        assertThat(asJson.contentType()).startsWith("application/json");
        assertThat(asJson.json().getString("receipt")).isEqualTo(first.body());

        String jws = first.body();
        String[] parts = jws.split("\\.");
        assertThat(parts).hasSize(3);
        JsonObject header = json(decode(parts[0]));
        JsonObject payload = json(decode(parts[1]));
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);

        Api.Reply jwks = anonymous.get("/.well-known/jwks.json");
        assertThat(jwks.status()).as("no token needed").isEqualTo(200);
        assertThat(jwks.contentType()).startsWith("application/json");
        JsonObject jwk = jwks.json().getJsonArray("keys").getJsonObject(0);
        assertThat(jwk.getString("kty")).isEqualTo("OKP");
        assertThat(jwk.getString("crv")).isEqualTo("Ed25519");
        assertThat(jwk.getString("alg")).isEqualTo("EdDSA");
        assertThat(jwk.getString("use")).isEqualTo("sig");
        byte[] spki = spki(jwk.getString("x"));
        assertThat(spki).as("the public half of the configured private key")
                .isEqualTo(CustodianServer.RECEIPT_KEY.getPublic().getEncoded());
        assertThat(jwk.getString("kid")).as("RFC 7638 thumbprint").isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256(("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + jwk.getString("x") + "\"}")
                        .getBytes(StandardCharsets.UTF_8))));
        assertThat(header.getString("alg")).isEqualTo("EdDSA");
        assertThat(header.getString("typ")).isEqualTo("JWT");
        assertThat(header.getString("kid")).isEqualTo(jwk.getString("kid"));

        String signingInput = parts[0] + "." + parts[1];
        assertThat(jdkVerifies(spki, signingInput, signature)).as("the JDK verifies").isTrue();
        assertThat(opensslVerifies(spki, signingInput, signature)).as("openssl verifies").isTrue();
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                decode(parts[1]).replace("\"failed\":0", "\"failed\":1").getBytes(StandardCharsets.UTF_8));
        assertThat(tampered).isNotEqualTo(signingInput);
        assertThat(jdkVerifies(spki, tampered, signature)).as("the JDK refuses a changed payload").isFalse();
        assertThat(opensslVerifies(spki, tampered, signature)).as("openssl refuses a changed payload").isFalse();

        assertThat(payload.getString("iss")).isEqualTo("custodian");
        assertThat(payload.getString("deletion_id")).isEqualTo(id);
        assertThat(payload.getJsonObject("scope")).isEqualTo(deletion.getJsonObject("scope"));
        assertThat(payload.getString("requested_by")).isEqualTo(deletion.getString("requested_by"));
        assertThat(payload.getString("state")).isEqualTo("completed");
        Instant finishedAt = Instant.parse(payload.getString("finished_at"));
        assertThat(finishedAt).isEqualTo(Instant.parse(deletion.getString("finished_at")));
        assertThat(Instant.parse(payload.getString("created_at"))).isEqualTo(Instant.parse(deletion.getString("created_at")));
        assertThat(payload.getJsonNumber("iat").longValue()).as("dated by the finish").isEqualTo(finishedAt.getEpochSecond());
        assertThat(payload.getJsonNumber("deleted").longValue()).isEqualTo(keys.size());
        assertThat(payload.getJsonNumber("held").longValue()).isZero();
        assertThat(payload.getJsonNumber("failed").longValue()).isZero();
        assertThat(payload.getJsonNumber("bytes_reclaimed").longValue()).isEqualTo(bytes);
        JsonObject verification = payload.getJsonObject("verification");
        assertThat(verification.getBoolean("is_clean")).isTrue();
        assertThat(verification.getJsonNumber("remaining_key_count").longValue()).isZero();
        assertThat(Instant.parse(verification.getString("checked_at")))
                .isEqualTo(Instant.parse(deletion.getJsonObject("verification").getString("checked_at")));
        assertThat(payload.getString("hash_alg")).isEqualTo("SHA-256");
        assertThat(payload.getJsonNumber("leaf_count").longValue()).isEqualTo(keys.size());
        assertThat(List.copyOf(payload.keySet())).as("one fixed member order").containsExactly("iss", "iat",
                "deletion_id", "scope", "requested_by", "state", "created_at", "finished_at", "deleted", "held", "failed",
                "bytes_reclaimed", "verification", "hash_alg", "merkle_root", "leaf_count");

        // the leaves, pages of two: every deleted key once, in byte order, each hash as RFC 6962 says
        List<String> leafKeys = new ArrayList<>();
        List<byte[]> leafHashes = new ArrayList<>();
        String cursor = "";
        do {
            Api.Reply page = app.get("/api/v1/deletions/" + id + "/receipt/keys?limit=2" + (cursor.isEmpty() ? ""
                    : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            JsonObject body = page.json();
            assertThat(body.getJsonNumber("tree_size").longValue()).isEqualTo(keys.size());
            assertThat(body.getString("merkle_root")).isEqualTo(payload.getString("merkle_root"));
            for (JsonObject leaf : body.getJsonArray("items").getValuesAs(JsonObject.class)) {
                assertThat(leaf.getJsonNumber("index").longValue()).isEqualTo(leafKeys.size());
                assertThat(leaf.isNull("version_id")).isTrue();
                byte[] hash = leafHash(leaf.getString("key"), null);
                assertThat(leaf.getString("leaf_hash")).isEqualTo(HexFormat.of().formatHex(hash));
                leafKeys.add(leaf.getString("key"));
                leafHashes.add(hash);
            }
            cursor = body.isNull("next_cursor") ? "" : body.getString("next_cursor");
        } while (!cursor.isEmpty());
        assertThat(leafKeys).containsExactlyElementsOf(keys.stream().sorted(BYTE_ORDER).toList());
        assertThat(HexFormat.of().formatHex(root(leafHashes))).as("the signed root, recomputed")
                .isEqualTo(payload.getString("merkle_root"));

        // one key's inclusion, proved against the signed root alone
        String key = keys.get(3);
        JsonObject proof = app.get("/api/v1/deletions/" + id + "/receipt/keys?key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8)).json();
        assertThat(proof.getString("key")).isEqualTo(key);
        long index = proof.getJsonNumber("index").longValue();
        assertThat(index).isEqualTo(leafKeys.indexOf(key));
        List<byte[]> path = strings(proof, "audit_path").stream().map(HexFormat.of()::parseHex).toList();
        byte[] signedRoot = HexFormat.of().parseHex(payload.getString("merkle_root"));
        assertThat(included(index, keys.size(), leafHash(key, null), path, signedRoot)).isTrue();
        assertThat(included(index, keys.size(), leafHash(key + "x", null), path, signedRoot)).isFalse();
        assertThat(app.get("/api/v1/deletions/" + id + "/receipt/keys?key=users%2Fnobody%2Fx").status()).isEqualTo(404);
        assertThat(app.get("/api/v1/deletions/" + id + "/receipt/keys?key=" + URLEncoder.encode(key,
                StandardCharsets.UTF_8) + "&version_id=v1").status()).as("the ledger keeps no versions").isEqualTo(404);
        assertThat(app.get("/api/v1/deletions/" + id + "/receipt/keys?cursor=abc").status()).isEqualTo(400);

        // the rows go after deleted-retention-days: the receipt stays as it was, its leaves are gone
        LedgerSeed.update("update deleted_object set deleted_at = now() - interval '91 days' where deletion_id = ?",
                UUID.fromString(id));
        assertThat(BatchJobs.run(admin, "{\"job_name\": \"ledger-purge\"}").getString("status")).isEqualTo("completed");
        assertThat(LedgerSeed.count("select count(*) from deleted_object where deletion_id = ?", UUID.fromString(id)))
                .isZero();
        assertThat(app.get("/api/v1/deletions/" + id + "/receipt").body()).isEqualTo(jws);
        Api.Reply purged = app.get("/api/v1/deletions/" + id + "/receipt/keys");
        assertThat(purged.status()).as(purged.toString()).isEqualTo(410);
        assertThat(purged.json().getString("type")).endsWith("/receipt-keys-purged");
    }

    @Test
    void onlyAFinishedDeletionThatErasedSomethingHasOneAndTheKeysAreOpenToAll() throws Exception {
        UUID running = UUID.randomUUID();
        // a deletion a bulk cleanup still holds open: it does not finish while this test runs
        LedgerSeed.update("insert into deletion_request (id, scope_type, reason, requested_by, state, sweep_state,"
                + " lease_until, created_at) values (?, 'bulk', 'receipt test', 'admin-x', 'running', 'held',"
                + " now() + interval '1 hour', now())", running);
        try {
            Api.Reply unfinished = app.get("/api/v1/deletions/" + running + "/receipt");
            assertThat(unfinished.status()).as(unfinished.toString()).isEqualTo(409);
            assertThat(unfinished.contentType()).startsWith("application/problem+json");
            assertThat(unfinished.json().getString("type")).endsWith("/deletion-not-finished");
            assertThat(app.get("/api/v1/deletions/" + running + "/receipt/keys").status()).isEqualTo(409);
        } finally {
            LedgerSeed.update("delete from deletion_request where id = ?", running);
        }

        upload("kept.mp3", new byte[] {1});
        Api.Reply forgotten = admin.delete("/api/v1/projects/" + project + "?user_id=" + user + "&records_only=true");
        assertThat(forgotten.status()).as(forgotten.toString()).isEqualTo(202);
        Api.Reply recordsOnly = app.get("/api/v1/deletions/" + forgotten.json().getString("id") + "/receipt");
        assertThat(recordsOnly.status()).as(recordsOnly.toString()).isEqualTo(409);
        assertThat(recordsOnly.json().getString("type")).endsWith("/records-only");

        // made again from the rows (as for a deletion that finished before receipts existed): the same bytes
        String other = project + "b";
        Api.Reply otherUpload = app.postMultipart("/api/v1/objects", new Multipart().field("user_id", user)
                .field("project_id", other).field("file_type", "audio").file("a.mp3", "audio/mpeg", new byte[] {7}));
        assertThat(otherUpload.status()).as(otherUpload.toString()).isEqualTo(201);
        String otherId = Deletions.awaitFinished(app, app.delete("/api/v1/projects/" + other + "?user_id=" + user).json()
                .getString("id"), FINISH).getString("id");
        Await.until("the receipt made at the finish", () -> signedReceipts(otherId), n -> n == 1, Duration.ofSeconds(10));
        String made = app.get("/api/v1/deletions/" + otherId + "/receipt").body();
        LedgerSeed.update("delete from deletion_receipt where deletion_id = ?", UUID.fromString(otherId));
        assertThat(app.get("/api/v1/deletions/" + otherId + "/receipt").body()).isEqualTo(made);
        // ... but not once a row of it was purged: a root over part of the keys would be a false receipt
        LedgerSeed.update("delete from deletion_receipt where deletion_id = ?", UUID.fromString(otherId));
        // as the purge does it: the proof row goes, its deletion counts it purged
        LedgerSeed.update("delete from deleted_object where deletion_id = ?", UUID.fromString(otherId));
        LedgerSeed.update("update deletion_request set purged_keys = 1 where id = ?", UUID.fromString(otherId));
        Api.Reply gone = app.get("/api/v1/deletions/" + otherId + "/receipt");
        assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
        assertThat(gone.json().getString("type")).endsWith("/receipt-unavailable");

        Api.Reply unknown = app.get("/api/v1/deletions/" + UUID.randomUUID() + "/receipt");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(app.get("/api/v1/deletions/" + UUID.randomUUID() + "/receipt/keys").status()).isEqualTo(404);
        assertThat(app.get("/api/v1/deletions/not-a-uuid/receipt").status()).isEqualTo(400);
        assertThat(anonymous.get("/api/v1/deletions/" + UUID.randomUUID() + "/receipt").status())
                .as("the receipt itself needs a token").isEqualTo(401);
        assertThat(anonymous.get("/.well-known/jwks.json").json().getJsonArray("keys")).hasSize(1);

        Api.Reply diagnostics = admin.get("/api/v1/admin/diagnostics");
        assertThat(diagnostics.json().getJsonObject("configuration").getString("custodian.receipt.private-key"))
                .isEqualTo("set");
        assertThat(diagnostics.body()).doesNotContain(Base64.getMimeEncoder().encodeToString(
                CustodianServer.RECEIPT_KEY.getPrivate().getEncoded()).substring(0, 40));
    }
}
