package dev.custodian.quota.entity;

import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaTest {

    private final Quota quota = new Quota("u1", 100);

    @Test
    void anUploadThatReachesTheQuotaExactlyFits() {
        assertThat(quota.admits(60, 40)).isTrue();
        assertThat(quota.admits(60, 41)).isFalse();
        assertThat(quota.admits(0, 100)).isTrue();
    }

    @Test
    void aLoweredQuotaRefusesEveryGrowthButNotAShrinkingReplacement() {
        assertThat(quota.admits(150, 1)).isFalse();
        assertThat(quota.admits(150, 0)).isTrue();
        assertThat(quota.admits(150, -20)).isTrue();
    }

    @Test
    void largeNumbersDoNotOverflow() {
        Quota huge = new Quota("u1", Long.MAX_VALUE);
        assertThat(huge.admits(Long.MAX_VALUE - 1, 1)).isTrue();
        assertThat(huge.admits(Long.MAX_VALUE - 1, 2)).isFalse();
        assertThat(new Quota("u1", 0).admits(0, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aRefusalSaysWhatWasUsedAndAsked() {
        assertThatThrownBy(() -> quota.requireRoom(90, 20)).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.userId()).isEqualTo("u1");
            assertThat(e.maxBytes()).isEqualTo(100);
            assertThat(e.usedBytes()).isEqualTo(90);
            assertThat(e.requestedBytes()).isEqualTo(20);
            assertThat(e.getMessage()).contains("90 of 100").contains("20 more");
        });
    }

    @Test
    void aNegativeQuotaNamesTheField() {
        assertThatThrownBy(() -> new Quota("u1", -1)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("max_bytes"));
    }
}
