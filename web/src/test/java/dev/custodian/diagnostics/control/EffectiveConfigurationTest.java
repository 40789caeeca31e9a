package dev.custodian.diagnostics.control;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EffectiveConfigurationTest {

    private static Map<String, String> declared() {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("custodian.s3.secret-key", null);
        declared.put("custodian.s3.access-key", null);
        declared.put("custodian.db.password", null);
        declared.put("custodian.auth.tokens", null);
        declared.put("custodian.cron.secret", null);
        declared.put("custodian.uploads.max-bytes", "5368709120");
        declared.put("custodian.s3.bucket", "custodian");
        return declared;
    }

    @Test
    void secretsAreShownOnlyAsSetOrNotSet() {
        Map<String, String> configured = Map.of("custodian.s3.secret-key", "s3cr3t-value",
                "custodian.auth.tokens", "admin:tok-123", "custodian.db.password", "");
        Map<String, String> effective = EffectiveConfiguration.of(declared(),
                key -> Optional.ofNullable(configured.get(key)));
        assertThat(effective).containsEntry("custodian.s3.secret-key", "set")
                .containsEntry("custodian.auth.tokens", "set")
                .containsEntry("custodian.s3.access-key", "not set")
                .containsEntry("custodian.cron.secret", "not set")
                .containsEntry("custodian.db.password", "not set");
        assertThat(effective.values()).doesNotContain("s3cr3t-value", "admin:tok-123");
    }

    @Test
    void otherKeysShowTheirConfiguredValueOrTheirDefault() {
        Map<String, String> effective = EffectiveConfiguration.of(declared(),
                key -> key.equals("custodian.s3.bucket") ? Optional.of("media") : Optional.empty());
        assertThat(effective).containsEntry("custodian.s3.bucket", "media")
                .containsEntry("custodian.uploads.max-bytes", "5368709120");
        assertThat(List.copyOf(effective.keySet())).as("sorted").isSorted();
    }

    @Test
    void aNewKeyNamedLikeASecretIsMaskedToo() {
        assertThat(EffectiveConfiguration.shown("custodian.webhooks.signing-secret", "abc")).isEqualTo("set");
        assertThat(EffectiveConfiguration.shown("custodian.other.api-token", null)).isEqualTo("not set");
        assertThat(EffectiveConfiguration.shown("custodian.smtp.password", "pw")).isEqualTo("set");
        assertThat(EffectiveConfiguration.shown("custodian.deletion.batch-size", "250")).isEqualTo("250");
    }
}
