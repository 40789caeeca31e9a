package dev.custodian.security.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The tokens of {@code custodian.auth.tokens} ({@code role:token} pairs, comma separated) and the
 * optional {@code custodian.cron.secret}. Tokens are kept only as SHA-256 digests and compared in
 * constant time against every entry, so neither timing nor a heap dump gives one away. A token is
 * never logged.
 *
 * <p>A bad token list (a malformed entry, the same token twice, a token equal to the cron secret)
 * stops start-up naming the key: which role such a token should have cannot be guessed. A bad
 * optional cron secret is ignored with a logged error and a note in readiness, so the other tokens
 * keep working. No tokens at all leaves the API refusing every request (503) and readiness down.
 */
@ApplicationScoped
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class.getName());

    static final String TOKENS = "custodian.auth.tokens";
    static final int MIN_TOKEN_LENGTH = 16;

    @Inject
    @ConfigProperty(name = TOKENS)
    Optional<String> configured;

    static final String CRON_SECRET = "custodian.cron.secret";

    /** The seed's CRON_SECRET: one more token, of the cron role, for schedulers that only know that. */
    @Inject
    @ConfigProperty(name = CRON_SECRET)
    Optional<String> cronSecret;

    private Parsed parsed = new Parsed(List.of(), null);

    record Entry(Role role, byte[] digest, String name) {
    }

    /** The usable entries, and why an optional secret was left out (null when none was). */
    record Parsed(List<Entry> entries, String ignored) {
    }

    /** Reads the tokens while the application deploys, so a bad list fails start-up, not the first request. */
    void atStartUp(@Observes @Initialized(ApplicationScoped.class) Object application) {
        configurationError().ifPresent(LOG::severe);
    }

    @PostConstruct
    void load() {
        parsed = parse(configured.orElse(""), cronSecret.orElse(""));
        if (parsed.ignored() != null) {
            LOG.severe(parsed.ignored());
        }
    }

    /**
     * Parses the token list and the cron secret.
     *
     * @throws IllegalStateException naming the key, when the token list cannot be used as it is
     */
    static Parsed parse(String tokens, String cronSecret) {
        List<Entry> entries = new ArrayList<>();
        for (String pair : tokens.split(",")) {
            String trimmed = pair.trim();
            if (!trimmed.isEmpty()) {
                add(entries, entry(trimmed));
            }
        }
        String secret = cronSecret.trim();
        if (secret.isEmpty()) {
            return new Parsed(List.copyOf(entries), null);
        }
        if (secret.length() < MIN_TOKEN_LENGTH) {
            return new Parsed(List.copyOf(entries), CRON_SECRET + " is shorter than " + MIN_TOKEN_LENGTH
                    + " characters: it is ignored, the other tokens work");
        }
        Entry cron = named(Role.CRON, secret);
        sameToken(entries, cron).ifPresent(e -> {
            throw new IllegalStateException(CRON_SECRET + " is the same as the " + e.role().wireName()
                    + " token of " + TOKENS + ": give every token once");
        });
        entries.add(cron);
        return new Parsed(List.copyOf(entries), null);
    }

    private static Entry entry(String pair) {
        int colon = pair.indexOf(':');
        if (colon < 1) {
            throw new IllegalStateException(TOKENS + " entries must be role:token, one is not");
        }
        Role role;
        try {
            role = Role.valueOf(pair.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(TOKENS + " has an unknown role '" + pair.substring(0, colon)
                    + "' (app, admin, cron)");
        }
        String token = pair.substring(colon + 1);
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException(TOKENS + " has a token shorter than " + MIN_TOKEN_LENGTH
                    + " characters (role " + role.wireName() + ")");
        }
        return named(role, token);
    }

    /** One token for two roles would make the role depend on the order of the list. */
    private static void add(List<Entry> entries, Entry entry) {
        sameToken(entries, entry).ifPresent(e -> {
            throw new IllegalStateException(TOKENS + " has the same token twice (" + e.role().wireName() + " and "
                    + entry.role().wireName() + "): give every token once");
        });
        entries.add(entry);
    }

    /** Start-up only, on configured tokens: no caller's input, so no need for a constant-time compare. */
    private static Optional<Entry> sameToken(List<Entry> entries, Entry entry) {
        return entries.stream().filter(e -> Arrays.equals(e.digest(), entry.digest())).findFirst();
    }

    private static Entry named(Role role, String token) {
        byte[] digest = sha256(token);
        return new Entry(role, digest, role.wireName() + "-" + HexFormat.of().formatHex(digest, 0, 4));
    }

    /** Why the API cannot serve, or empty when the configuration is usable. */
    public Optional<String> configurationError() {
        return parsed.entries().isEmpty()
                ? Optional.of(TOKENS + " is not set: the API refuses every request") : Optional.empty();
    }

    /** Why an optional secret was left out, or empty when none was; readiness shows it. */
    public Optional<String> ignoredSecret() {
        return Optional.ofNullable(parsed.ignored());
    }

    /** The caller a presented token stands for, or empty for an unknown token. */
    public Optional<Caller> authenticate(String token) {
        byte[] presented = sha256(token);
        Entry match = null;
        for (Entry entry : parsed.entries()) {
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
