package dev.custodian.security.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tokens of {@code custodian.auth.tokens} ({@code role:token} pairs, comma separated). Tokens
 * are kept only as SHA-256 digests and compared in constant time against every entry, so neither
 * timing nor a heap dump gives one away. A token is never logged.
 */
@ApplicationScoped
public class AccessTokens {

    static final String TOKENS = "custodian.auth.tokens";
    private static final int MIN_TOKEN_LENGTH = 16;

    @Inject
    @ConfigProperty(name = TOKENS)
    Optional<String> configured;

    static final String CRON_SECRET = "custodian.cron.secret";

    /** The seed's CRON_SECRET: one more token, of the cron role, for schedulers that only know that. */
    @Inject
    @ConfigProperty(name = CRON_SECRET)
    Optional<String> cronSecret;

    private List<Entry> entries = List.of();
    private String configurationError;

    private record Entry(Role role, byte[] digest, String name) {
    }

    @PostConstruct
    void load() {
        try {
            String secret = cronSecret.map(String::trim).orElse("");
            if (!secret.isEmpty() && secret.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(CRON_SECRET + " is shorter than " + MIN_TOKEN_LENGTH + " characters");
            }
            entries = parse(configured.orElse("") + (secret.isEmpty() ? "" : ",cron:" + secret));
            configurationError = entries.isEmpty() ? TOKENS + " is not set: the API refuses every request" : null;
        } catch (IllegalArgumentException e) {
            entries = List.of();
            configurationError = e.getMessage();
        }
    }

    static List<Entry> parse(String text) {
        List<Entry> parsed = new ArrayList<>();
        for (String pair : text.split(",")) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(TOKENS + " entries must be role:token, one is not");
            }
            Role role;
            try {
                role = Role.valueOf(trimmed.substring(0, colon).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(TOKENS + " has an unknown role '" + trimmed.substring(0, colon)
                        + "' (app, admin, cron)");
            }
            String token = trimmed.substring(colon + 1);
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(TOKENS + " has a " + role.wireName() + " token shorter than "
                        + MIN_TOKEN_LENGTH + " characters");
            }
            byte[] digest = sha256(token);
            parsed.add(new Entry(role, digest, role.wireName() + "-" + HexFormat.of().formatHex(digest, 0, 4)));
        }
        return List.copyOf(parsed);
    }

    /** Why the API cannot serve, or empty when the configuration is usable. */
    public Optional<String> configurationError() {
        return Optional.ofNullable(configurationError);
    }

    /** The caller a presented token stands for, or empty for an unknown token. */
    public Optional<Caller> authenticate(String token) {
        byte[] presented = sha256(token);
        Entry match = null;
        for (Entry entry : entries) {
            // no early exit: every entry is compared, so timing does not tell which one matched
            if (MessageDigest.isEqual(entry.digest(), presented) && match == null) {
                match = entry;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.role(), match.name()));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
