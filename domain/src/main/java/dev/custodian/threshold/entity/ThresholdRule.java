package dev.custodian.threshold.entity;

import java.math.BigInteger;

/**
 * A storage threshold with hysteresis: it is crossed when the bytes reach {@code limitBytes}, and
 * armed again only once they have fallen below {@code rearmBytes}. Between the two marks nothing
 * happens, so bytes that hover around the limit (a cleanup that frees a little, uploads that go on)
 * start one cleanup per crossing, not one per check.
 */
public record ThresholdRule(long limitBytes, long rearmBytes) {

    /** What a check does, given the bytes now and whether the threshold is crossed (not yet armed again). */
    public enum Step {
        /** Announce the crossing and start the cleanup. */
        CROSS,
        /** The bytes fell below the lower mark: the next crossing is announced again. */
        REARM,
        STAY
    }

    public ThresholdRule {
        if (limitBytes < 1 || rearmBytes < 0 || rearmBytes > limitBytes) {
            throw new IllegalArgumentException("a threshold needs 0 <= re-arm mark <= limit and a limit of at least 1"
                    + " byte, not " + rearmBytes + " and " + limitBytes);
        }
    }

    /** The rule whose lower mark is {@code rearmPercent} % of the limit (rounded down). */
    public static ThresholdRule of(long limitBytes, int rearmPercent) {
        return new ThresholdRule(limitBytes, percent(limitBytes, rearmPercent));
    }

    /** {@code percent} % of {@code bytes}, rounded down, without overflow. */
    public static long percent(long bytes, int percent) {
        return BigInteger.valueOf(bytes).multiply(BigInteger.valueOf(percent)).divide(BigInteger.valueOf(100))
                .longValue();
    }

    public Step step(long bytes, boolean crossed) {
        if (!crossed) {
            return bytes >= limitBytes ? Step.CROSS : Step.STAY;
        }
        return bytes < rearmBytes ? Step.REARM : Step.STAY;
    }
}
