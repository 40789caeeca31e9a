package dev.custodian.deletion.control;

import dev.custodian.objectstore.entity.HeldVersion;
import dev.custodian.objectstore.entity.HoldReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HoldsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration RECHECK = Duration.ofHours(1);

    @Test
    void retentionIsTriedAgainWhenTheLastOfItsVersionsIsFree() {
        Instant soon = NOW.plus(Duration.ofDays(2));
        Instant later = NOW.plus(Duration.ofDays(30));
        assertThat(Holds.retryAt(List.of(new HeldVersion("v1", HoldReason.RETENTION_GOVERNANCE, soon),
                new HeldVersion("v2", HoldReason.RETENTION_COMPLIANCE, later)), NOW, RECHECK)).isEqualTo(later);
    }

    @Test
    void aLegalHoldHasNoDateSoItIsLookedAtAgainAfterTheRecheckEvenUnderLongerRetention() {
        assertThat(Holds.retryAt(List.of(new HeldVersion("v1", HoldReason.LEGAL_HOLD, null)), NOW, RECHECK))
                .isEqualTo(NOW.plus(RECHECK));
        assertThat(Holds.retryAt(List.of(new HeldVersion("v1", HoldReason.LEGAL_HOLD, null),
                new HeldVersion("v2", HoldReason.RETENTION_COMPLIANCE, NOW.plus(Duration.ofDays(400)))), NOW, RECHECK))
                .isEqualTo(NOW.plus(RECHECK));
    }

    @Test
    void aRetentionThatShouldHaveEndedIsLookedAtAgainAfterTheRecheckNotInALoop() {
        assertThat(Holds.retryAt(List.of(new HeldVersion("v1", HoldReason.RETENTION_GOVERNANCE,
                NOW.minusSeconds(5))), NOW, RECHECK)).isEqualTo(NOW.plus(RECHECK));
    }

    @Test
    void theStrongestReasonNamesTheHoldAndEveryVersionIsDescribed() {
        List<HeldVersion> held = List.of(new HeldVersion("v1", HoldReason.RETENTION_GOVERNANCE, NOW),
                new HeldVersion("v2", HoldReason.RETENTION_COMPLIANCE, NOW), new HeldVersion("v3", HoldReason.LEGAL_HOLD, null));
        assertThat(Holds.reason(held)).isEqualTo(HoldReason.LEGAL_HOLD);
        assertThat(Holds.reason(held.subList(0, 2))).isEqualTo(HoldReason.RETENTION_COMPLIANCE);
        assertThat(Holds.describe(held)).isEqualTo("version v1: retention_governance until 2026-12-06T12:00:00Z;"
                + " version v2: retention_compliance until 2026-12-06T12:00:00Z; version v3: legal_hold");
    }
}
