package dev.custodian.diagnostics.control;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The configuration as the service runs with it: every declared key with its configured value,
 * or its default. A secret is never shown, only whether it is set.
 */
public final class EffectiveConfiguration {

    public static final String SET = "set";
    public static final String NOT_SET = "not set";

    /** The secrets of DESIGN.md's configuration table. */
    private static final Set<String> SECRETS = Set.of("custodian.db.password", "custodian.s3.access-key",
            "custodian.s3.secret-key", "custodian.auth.tokens", "custodian.cron.secret",
            "custodian.receipt.private-key");

    private EffectiveConfiguration() {
    }

    /**
     * @param declared key to default (null: none)
     * @param configured what the configuration holds for a key
     */
    public static Map<String, String> of(Map<String, String> declared, Function<String, Optional<String>> configured) {
        Map<String, String> effective = new TreeMap<>();
        declared.forEach((key, fallback) -> effective.put(key,
                shown(key, configured.apply(key).orElse(fallback))));
        return effective;
    }

    /** A secret (a listed one, or one named like one: a new key must not leak by default) as set or not set. */
    static String shown(String key, String value) {
        if (isSecret(key)) {
            return value == null || value.isEmpty() ? NOT_SET : SET;
        }
        return value;
    }

    static boolean isSecret(String key) {
        return SECRETS.contains(key) || key.endsWith("password") || key.endsWith("secret")
                || key.endsWith("-key") || key.endsWith("token") || key.endsWith("tokens");
    }
}
