package dev.custodian.threshold.entity;

import dev.custodian.threshold.entity.ThresholdRule.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdRuleTest {

    private final ThresholdRule rule = ThresholdRule.of(1000, 90);

    @Test
    void theLowerMarkIsTheGivenShareOfTheLimit() {
        assertThat(rule.rearmBytes()).isEqualTo(900);
        assertThat(ThresholdRule.of(Long.MAX_VALUE, 90).rearmBytes()).as("no overflow")
                .isEqualTo(Long.MAX_VALUE / 10 * 9 + 6);
    }

    @Test
    void anArmedThresholdIsCrossedAtTheLimitNotBelow() {
        assertThat(rule.step(999, false)).isEqualTo(Step.STAY);
        assertThat(rule.step(1000, false)).isEqualTo(Step.CROSS);
        assertThat(rule.step(5000, false)).isEqualTo(Step.CROSS);
    }

    @Test
    void aCrossedThresholdIsArmedAgainOnlyBelowTheLowerMark() {
        assertThat(rule.step(1000, true)).as("still over").isEqualTo(Step.STAY);
        assertThat(rule.step(950, true)).as("between the marks").isEqualTo(Step.STAY);
        assertThat(rule.step(900, true)).as("at the lower mark").isEqualTo(Step.STAY);
        assertThat(rule.step(899, true)).isEqualTo(Step.REARM);
    }

    @Test
    void bytesHoveringAroundTheLimitCrossOncePerFallBelowTheLowerMark() {
        long[] checks = {990, 1010, 980, 1020, 995, 1005, 850, 1001, 999, 1002};
        boolean crossed = false;
        List<Long> crossings = new ArrayList<>();
        for (long bytes : checks) {
            Step step = rule.step(bytes, crossed);
            if (step == Step.CROSS) {
                crossings.add(bytes);
                crossed = true;
            } else if (step == Step.REARM) {
                crossed = false;
            }
        }
        assertThat(crossings).containsExactly(1010L, 1001L);
    }

    @Test
    void aLimitBelowOneByteOrALowerMarkAboveTheLimitIsRefused() {
        assertThatThrownBy(() -> new ThresholdRule(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdRule(100, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
