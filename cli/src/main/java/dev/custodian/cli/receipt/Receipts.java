package dev.custodian.cli.receipt;

import dev.custodian.cli.Failure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Checking an erasure receipt with the JDK alone: its Ed25519 signature against the service's JWKS,
 * and one key's inclusion in its Merkle root (RFC 6962 leaves and nodes, RFC 9162 §2.1.3.2 proof).
 */
public final class Receipts {

    /** An Ed25519 SubjectPublicKeyInfo is this DER prefix and the JWK's 32 bytes of {@code x}. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Receipts() {
    }

    /** A receipt whose signature verified. */
    public record Verified(String kid, JsonObject payload) {
    }

    /**
     * Verifies the compact JWS against the JWKS key its header names.
     *
     * @throws Failure when it is malformed, names no key of the JWKS, or its signature does not verify
     */
    public static Verified verify(String jws, JsonObject jwks) {
        String[] parts = jws.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw new Failure("the receipt is not a compact JWS (three parts separated by dots)");
        }
        JsonObject header = json(decode(parts[0], "header"));
        if (!"EdDSA".equals(header.getString("alg", null))) {
            throw new Failure("the receipt's alg is " + header.get("alg") + ", not EdDSA");
        }
        String kid = header.getString("kid", "");
        JsonObject jwk = jwks.getJsonArray("keys").getValuesAs(JsonObject.class).stream()
                .filter(key -> kid.equals(key.getString("kid", null))).findFirst()
                .orElseThrow(() -> new Failure("the receipt is signed with key " + kid
                        + ", which /.well-known/jwks.json does not publish"));
        if (!"OKP".equals(jwk.getString("kty", null)) || !"Ed25519".equals(jwk.getString("crv", null))) {
            throw new Failure("key " + kid + " of the JWKS is not an Ed25519 key");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!signatureVerifies(decode(jwk.getString("x"), "key"), signingInput, decode(parts[2], "signature"))) {
            throw new Failure("the receipt's signature does NOT verify against key " + kid
                    + " of /.well-known/jwks.json: it was changed or not signed by this service");
        }
        return new Verified(kid, json(decode(parts[1], "payload")));
    }

    private static boolean signatureVerifies(byte[] x, byte[] signingInput, byte[] signature) {
        if (x.length != 32) {
            throw new Failure("the JWKS key's x is not 32 bytes");
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + x.length);
        System.arraycopy(x, 0, spki, SPKI_PREFIX.length, x.length);
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new Failure("cannot check the signature: " + e.getMessage(), e);
        }
    }

    /** RFC 6962: SHA-256(0x00 || key || 0x00 || version id), the version id "" when there is none. */
    public static byte[] leafHash(String key, String versionId) {
        return sha256(new byte[] {0}, key.getBytes(StandardCharsets.UTF_8), new byte[] {0},
                (versionId == null ? "" : versionId).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] node(byte[] left, byte[] right) {
        return sha256(new byte[] {1}, left, right);
    }

    /**
     * RFC 9162 §2.1.3.2: whether {@code leaf} at {@code index} of a tree of {@code size} leaves
     * hashes up to {@code root} through {@code path} (bottom sibling first).
     */
    public static boolean included(long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] hash = leaf;
        for (byte[] sibling : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                hash = node(sibling, hash);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                hash = node(hash, sibling);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(hash, root);
    }

    /** The hex strings of a proof's {@code audit_path}. */
    public static List<byte[]> path(JsonObject proof) {
        return proof.getJsonArray("audit_path").getValuesAs(JsonString.class).stream()
                .map(hex -> HexFormat.of().parseHex(hex.getString())).toList();
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] decode(String base64url, String what) {
        try {
            return Base64.getUrlDecoder().decode(base64url);
        } catch (IllegalArgumentException e) {
            throw new Failure("the receipt's " + what + " is not base64url", e);
        }
    }

    private static JsonObject json(byte[] utf8) {
        try (var reader = Json.createReader(new StringReader(new String(utf8, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new Failure("the receipt holds something that is not a JSON object", e);
        }
    }
}
