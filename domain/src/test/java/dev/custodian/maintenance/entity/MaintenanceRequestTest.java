package dev.custodian.maintenance.entity;

import dev.custodian.validation.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceRequestTest {

    private static final MaintenanceRequest.Defaults CONFIGURED = new MaintenanceRequest.Defaults(30, 10_000);

    @Test
    void aRequestThatSaysNothingIsADryRunOfTheWholeBucketWithTheConfiguredAgeAndCap() {
        MaintenanceRequest request = MaintenanceRequest.of(null, null, OrphanAction.QUARANTINE, null,
                MissingAction.REPORT, null, null, CONFIGURED);

        assertThat(request.dryRun()).isTrue();
        assertThat(request.keyPrefix()).isEmpty();
        assertThat(request.orphanMinAgeDays()).isEqualTo(30);
        assertThat(request.maxDelete()).isEqualTo(10_000);
        assertThat(request.trigger()).isEqualTo("api");
    }

    @Test
    void theQuarantineAPrefixWithoutItsSlashAndOutOfRangeFiguresAreRefusedTogether() {
        assertThatThrownBy(() -> MaintenanceRequest.of(false, "_quarantine/x/", OrphanAction.DELETE, null,
                MissingAction.REPORT, null, "t", CONFIGURED)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("quarantine");
        assertThatThrownBy(() -> MaintenanceRequest.of(false, "users", OrphanAction.DELETE, -1L, MissingAction.REPORT,
                -1L, "t", CONFIGURED)).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(v -> v.field())
                        .containsExactlyInAnyOrder("key_prefix", "orphan_min_age_days", "max_delete"));
    }
}
