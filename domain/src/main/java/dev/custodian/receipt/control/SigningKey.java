package dev.custodian.receipt.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Ed25519 key that signs receipts, read from a PKCS#8 PEM ({@code openssl genpkey -algorithm
 * ed25519}), with its public half, its JWK and its RFC 7638 thumbprint as key id.
 *
 * <p>The JDK has no public call that derives an Ed25519 public key from the private one, and
 * OpenSSL's PEM does not carry it. The JDK's own key pair generator does derive it, from the 32
 * bytes it draws from its random source, so the generator is handed a source that yields exactly
 * the configured private key; the result is checked (same private key, and a signature the public
 * key verifies) so a JDK that drew its bytes otherwise fails loudly instead of publishing a wrong key.
 */
public final class SigningKey {

    private static final String ALGORITHM = "Ed25519";
    private static final int KEY_BYTES = 32;
    private static final String PEM_TYPE = "PRIVATE KEY";

    private final KeyPair pair;
    private final String x;
    private final String kid;

    private SigningKey(KeyPair pair) {
        this.pair = pair;
        byte[] spki = pair.getPublic().getEncoded();
        // an Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the raw 32-byte key
        this.x = base64url(Arrays.copyOfRange(spki, spki.length - KEY_BYTES, spki.length));
        this.kid = base64url(sha256(thumbprintInput(x)));
    }

    /** The key of a PEM "PRIVATE KEY" (PKCS#8) block; an {@link IllegalArgumentException} says what is wrong. */
    public static SigningKey fromPem(String pem) {
        String begin = "-----BEGIN " + PEM_TYPE + "-----";
        String end = "-----END " + PEM_TYPE + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("is not a PEM \"" + PEM_TYPE + "\" (unencrypted PKCS#8) block");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(pem.substring(from + begin.length(), to).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("holds no valid base64 between its PEM lines");
        }
        byte[] secret;
        try {
            EdECPrivateKey key = (EdECPrivateKey) KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
            secret = key.getBytes().orElseThrow(() -> new IllegalArgumentException("hides its key bytes"));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("is not an Ed25519 private key (" + e.getMessage() + ")");
        }
        return fromPrivateBytes(secret);
    }

    /** The key of the 32 private bytes of RFC 8032 (the seed). */
    static SigningKey fromPrivateBytes(byte[] secret) {
        if (secret.length != KEY_BYTES) {
            throw new IllegalArgumentException("is not a 32-byte Ed25519 key");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new Replay(secret));
            KeyPair pair = generator.generateKeyPair();
            byte[] drawn = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
            byte[] probe = "custodian receipt key check".getBytes(StandardCharsets.US_ASCII);
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(pair.getPublic());
            verifier.update(probe);
            if (!Arrays.equals(drawn, secret) || !verifier.verify(sign(pair, probe))) {
                throw new IllegalStateException("this JDK's Ed25519 key pair generator did not derive the public"
                        + " key from the configured private key");
            }
            return new SigningKey(pair);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot use Ed25519 keys", e);
        }
    }

    /** The Ed25519 signature of these bytes (deterministic: the same bytes always sign the same). */
    public byte[] sign(byte[] data) {
        try {
            return sign(pair, data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * A compact JWS (RFC 7515) of this payload: header {@code {"alg":"EdDSA","kid":…,"typ":"JWT"}},
     * written in that fixed order, so a payload always gives the same bytes.
     */
    public String jws(String payload) {
        String signingInput = base64url(("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + base64url(payload.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + base64url(sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] sign(KeyPair pair, byte[] data) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(ALGORITHM);
        signer.initSign(pair.getPrivate());
        signer.update(data);
        return signer.sign();
    }

    /** The public key, base64url without padding, as a JWK's {@code x}. */
    public String x() {
        return x;
    }

    /** RFC 7638's thumbprint of the public JWK: base64url SHA-256 of its required members in order. */
    public String kid() {
        return kid;
    }

    static String thumbprintInput(String x) {
        return "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A "random" source that yields the configured private key once, and then refuses. */
    private static final class Replay extends SecureRandom {

        private transient byte[] secret;

        Replay(byte[] secret) {
            this.secret = secret.clone();
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            if (secret == null || bytes.length != secret.length) {
                throw new IllegalStateException("the key pair generator asked for other bytes than one private key");
            }
            System.arraycopy(secret, 0, bytes, 0, bytes.length);
            Arrays.fill(secret, (byte) 0);
            secret = null;
        }
    }
}
