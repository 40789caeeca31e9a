package dev.custodian.retention.entity;

import dev.custodian.validation.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkCleanupRequestTest {

    @Test
    void aRequestThatSaysNothingIsADryRunOfTheConfiguredRetention() {
        BulkCleanupRequest request = BulkCleanupRequest.of(null, null, null, null, false, null, 7);

        assertThat(request.dryRun()).as("dry run by default, as every destructive run").isTrue();
        assertThat(request.retentionDays()).isEqualTo(7);
        assertThat(request.includeUntracked()).isFalse();
        assertThat(BulkCleanupRequest.of(5L, false, true, null, false, 10L, 7))
                .isEqualTo(new BulkCleanupRequest(5, false, true, 10L));
    }

    @Test
    void lessThanADayNeedsAnAdminsForceAndNothingNegativePasses() {
        assertThatThrownBy(() -> BulkCleanupRequest.of(0L, true, null, true, false, null, 5))
                .isInstanceOf(ValidationException.class).hasMessageContaining("force");
        assertThat(BulkCleanupRequest.of(0L, true, null, true, true, null, 5).retentionDays()).isZero();
        assertThatThrownBy(() -> BulkCleanupRequest.of(-1L, true, null, true, true, null, 5))
                .isInstanceOf(ValidationException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> BulkCleanupRequest.of(36501L, true, null, null, true, null, 5))
                .isInstanceOf(ValidationException.class).hasMessageContaining("36500");
        assertThatThrownBy(() -> BulkCleanupRequest.of(5L, true, null, null, true, -1L, 5))
                .isInstanceOf(ValidationException.class).hasMessageContaining("max_delete");
    }
}
