package dev.custodian.receipt.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyTest {

    /** RFC 8032 section 7.1, TEST 1: the secret key, its public key and the signature of the empty message. */
    private static final byte[] SECRET = HexFormat.of().parseHex(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final String PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String EMPTY_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    /** The PEM openssl writes for that key: PKCS#8 v1, the 32 bytes after a fixed 16-byte prefix. */
    private static String pem(byte[] secret) {
        byte[] der = new byte[48];
        System.arraycopy(HexFormat.of().parseHex("302e020100300506032b657004220420"), 0, der, 0, 16);
        System.arraycopy(secret, 0, der, 16, 32);
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void thePublicKeyIsDerivedFromThePrivateOneAsRfc8032Says() {
        SigningKey key = SigningKey.fromPem(pem(SECRET));

        assertThat(HexFormat.of().formatHex(Base64.getUrlDecoder().decode(key.x()))).isEqualTo(PUBLIC);
        assertThat(HexFormat.of().formatHex(key.sign(new byte[0]))).isEqualTo(EMPTY_SIGNATURE);
    }

    @Test
    void theKeyIdIsTheRfc7638ThumbprintOfThePublicJwk() throws Exception {
        SigningKey key = SigningKey.fromPem(pem(SECRET));
        String members = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + key.x() + "\"}";

        assertThat(key.kid()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8))));
        assertThat(key.kid()).hasSize(43).doesNotContain("=", "+", "/");
    }

    @Test
    void aKeyTheJdkGeneratedSignsWhatItsOwnPublicKeyVerifies() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
        SigningKey key = SigningKey.fromPem(pem);
        byte[] data = "header.payload".getBytes(StandardCharsets.US_ASCII);

        byte[] raw = Base64.getUrlDecoder().decode(key.x());
        byte[] spki = new byte[44];
        System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
        System.arraycopy(raw, 0, spki, 12, 32);
        assertThat(spki).isEqualTo(pair.getPublic().getEncoded());
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        verifier.update(data);
        assertThat(verifier.verify(key.sign(data))).isTrue();
        assertThat(key.sign(data)).as("deterministic").isEqualTo(key.sign(data));
    }

    @Test
    void whatIsNotAnUnencryptedEd25519PemIsRefusedSayingWhy() throws Exception {
        assertThatThrownBy(() -> SigningKey.fromPem("MC4CAQAwBQYDK2VwBCIEI")).hasMessageContaining("PEM");
        assertThatThrownBy(() -> SigningKey.fromPem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----")).hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> SigningKey.fromPem("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("base64");
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThatThrownBy(() -> SigningKey.fromPem("-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("Ed25519");
    }
}
