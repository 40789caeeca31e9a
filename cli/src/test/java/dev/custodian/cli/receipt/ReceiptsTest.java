package dev.custodian.cli.receipt;

import dev.custodian.cli.Failure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Receipts signed here with a key of the JDK's, checked as the command checks the service's. */
class ReceiptsTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(KeyPair key, String header, String payload) throws Exception {
        String input = b64(header) + "." + b64(payload);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signer.sign());
    }

    private static JsonObject jwks(KeyPair key, String kid) {
        byte[] spki = key.getPublic().getEncoded();
        String x = B64.encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        return Json.createReader(new StringReader("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + kid
                + "\",\"x\":\"" + x + "\"}]}")).readObject();
    }

    @Test
    void aSignedReceiptVerifiesAndAChangedOneDoesNot() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String header = "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"JWT\"}";
        String jws = sign(key, header, "{\"deletion_id\":\"d1\",\"failed\":0}");

        Receipts.Verified verified = Receipts.verify(jws, jwks(key, "k1"));
        assertThat(verified.kid()).isEqualTo("k1");
        assertThat(verified.payload().getInt("failed")).isZero();

        String[] parts = jws.split("\\.");
        String tampered = parts[0] + "." + b64("{\"deletion_id\":\"d1\",\"failed\":1}") + "." + parts[2];
        assertThatThrownBy(() -> Receipts.verify(tampered, jwks(key, "k1"))).isInstanceOf(Failure.class)
                .hasMessageContaining("does NOT verify");
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> Receipts.verify(jws, jwks(other, "k1"))).hasMessageContaining("does NOT verify");
        assertThatThrownBy(() -> Receipts.verify(jws, jwks(key, "k2"))).hasMessageContaining("does not publish");
        assertThatThrownBy(() -> Receipts.verify("not-a-jws", jwks(key, "k1"))).hasMessageContaining("compact JWS");
    }

    /** RFC 6962 §2.1: MTH over leaves[from, to). */
    private static byte[] root(List<byte[]> leaves, int from, int to) {
        if (to - from == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(to - from - 1);
        return Receipts.node(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** RFC 6962 §2.1.1: PATH(m, leaves[from, to)), bottom sibling first. */
    private static List<byte[]> path(int m, List<byte[]> leaves, int from, int to) {
        List<byte[]> path = new ArrayList<>();
        if (to - from > 1) {
            int k = Integer.highestOneBit(to - from - 1);
            if (m < k) {
                path.addAll(path(m, leaves, from, from + k));
                path.add(root(leaves, from + k, to));
            } else {
                path.addAll(path(m - k, leaves, from + k, to));
                path.add(root(leaves, from, from + k));
            }
        }
        return path;
    }

    @Property(tries = 200)
    void everyLeafIsProvedAndNoOtherLeafIs(@ForAll @IntRange(min = 1, max = 70) int size,
                                           @ForAll @IntRange(min = 0, max = 69) int pick) {
        int index = pick % size;
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(Receipts.leafHash("users/u1/k" + i, null));
        }
        byte[] root = root(leaves, 0, size);
        List<byte[]> path = path(index, leaves, 0, size);
        assertThat(Receipts.included(index, size, leaves.get(index), path, root)).isTrue();
        assertThat(Receipts.included(index, size, Receipts.leafHash("users/u1/other", null), path, root)).isFalse();
        if (!path.isEmpty()) {
            assertThat(Receipts.included(index, size, leaves.get(index), path.subList(1, path.size()), root))
                    .as("a path missing its bottom sibling").isFalse();
        }
    }
}
