package dev.custodian.bucketrun.entity;

import dev.custodian.validation.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRequestTest {

    @Test
    void everyKindIsADryRunWithTheConfiguredCapUnlessToldOtherwise() {
        assertThat(RunRequest.backfill(null, null, null, 500)).isEqualTo(new RunRequest(RunKind.BACKFILL, true, "",
                null, null, 500, null));
        assertThat(RunRequest.migration("u1", null, false, 7L, 500)).isEqualTo(new RunRequest(RunKind.MIGRATION,
                false, null, "u1", null, 7, null));
        assertThat(RunRequest.clear("tmp/", "bucket", "bucket", null, null, 500).dryRun()).isTrue();
    }

    @Test
    void eachKindsGuardsHold() {
        assertThatThrownBy(() -> RunRequest.backfill("_quarantine/", null, null, 500))
                .isInstanceOf(ValidationException.class).hasMessageContaining("never adopted");
        assertThatThrownBy(() -> RunRequest.migration("u1", "p1", null, 0L, 500))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactlyInAnyOrder("user_id", "max_objects"));
        assertThatThrownBy(() -> RunRequest.clear(null, "other", "bucket", null, null, 500))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactlyInAnyOrder("key_prefix", "confirm"));
    }
}
