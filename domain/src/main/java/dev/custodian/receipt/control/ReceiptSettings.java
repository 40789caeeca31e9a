package dev.custodian.receipt.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The receipt signing key and issuer; each key is declared here once, with its default. The key
 * is a PEM PKCS#8 Ed25519 private key, given as text ({@code custodian.receipt.private-key}, a
 * secret: from the environment only) or as a file's path. Without one, or with one that cannot be
 * used (logged at start-up), receipts answer 503 naming the setting and the JWKS is empty;
 * nothing else depends on it, so the service runs on.
 */
@ApplicationScoped
public class ReceiptSettings {

    private static final Logger LOG = Logger.getLogger(ReceiptSettings.class.getName());

    static final String PRIVATE_KEY = "custodian.receipt.private-key";
    static final String PRIVATE_KEY_FILE = "custodian.receipt.private-key-file";
    static final String ISSUER = "custodian.receipt.issuer";

    @Inject
    @ConfigProperty(name = PRIVATE_KEY)
    Optional<String> privateKey;

    @Inject
    @ConfigProperty(name = PRIVATE_KEY_FILE)
    Optional<String> privateKeyFile;

    /** The receipts' {@code iss}: names the deployment that signed them. */
    @Inject
    @ConfigProperty(name = ISSUER, defaultValue = "custodian")
    String issuer;

    private SigningKey key;
    private String unusable;

    /** Reads the key while the application deploys, so a bad one is in the log before anyone asks for a receipt. */
    void atStartUp(@Observes @Initialized(ApplicationScoped.class) Object application) {
        if (unusable != null && (privateKey.isPresent() || privateKeyFile.isPresent())) {
            LOG.severe(unusable);
        }
    }

    @PostConstruct
    void load() {
        if (privateKey.isPresent() && privateKeyFile.isPresent()) {
            unusable = "set one of " + PRIVATE_KEY + " and " + PRIVATE_KEY_FILE + ", not both";
            return;
        }
        if (privateKey.isEmpty() && privateKeyFile.isEmpty()) {
            unusable = "receipts are not signed: set " + PRIVATE_KEY + " (PEM text, in the environment as"
                    + " CUSTODIAN_RECEIPT_PRIVATE_KEY) or " + PRIVATE_KEY_FILE + " to an Ed25519 private key";
            return;
        }
        String source = privateKey.isPresent() ? PRIVATE_KEY : PRIVATE_KEY_FILE + " (" + privateKeyFile.get() + ")";
        try {
            key = SigningKey.fromPem(privateKey.isPresent() ? privateKey.get()
                    : Files.readString(Path.of(privateKeyFile.get())));
        } catch (IOException e) {
            unusable = source + " cannot be read: " + e.getMessage();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the message says what is wrong with the PEM, never a byte of it
            unusable = source + " " + e.getMessage();
        }
    }

    /** The signing key, if one is configured and usable. */
    public Optional<SigningKey> key() {
        return Optional.ofNullable(key);
    }

    /** Why there is no key, naming the setting; empty when there is one. */
    public Optional<String> unavailable() {
        return key == null ? Optional.of(unusable) : Optional.empty();
    }

    public String issuer() {
        return issuer;
    }
}
