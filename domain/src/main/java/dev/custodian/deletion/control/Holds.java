package dev.custodian.deletion.control;

import dev.custodian.objectstore.entity.HeldVersion;
import dev.custodian.objectstore.entity.HoldReason;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * When a key Object Lock holds is tried again, and how its hold is described. Retention ends on a
 * date the store names: the key is due then (the latest date of its versions). A legal hold has
 * no date: it is lifted by hand, so the key is looked at again after {@code recheck}, and no later
 * than that even when retention lasts longer, so that a lifted hold is noticed.
 */
public final class Holds {

    private Holds() {
    }

    public static Instant retryAt(List<HeldVersion> held, Instant now, Duration recheck) {
        boolean legalHold = held.stream().anyMatch(v -> v.reason() == HoldReason.LEGAL_HOLD || v.retainUntil() == null);
        Instant retentionEnds = held.stream().map(HeldVersion::retainUntil).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(now);
        Instant afterRetention = retentionEnds.isAfter(now) ? retentionEnds : now.plus(recheck);
        return legalHold ? min(afterRetention, now.plus(recheck)) : afterRetention;
    }

    /** The hold's strongest reason, for the row's error code: a legal hold, then compliance, then governance. */
    public static HoldReason reason(List<HeldVersion> held) {
        return STRENGTH.stream().filter(r -> held.stream().anyMatch(v -> v.reason() == r)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a held key names the versions held"));
    }

    private static final List<HoldReason> STRENGTH = List.of(HoldReason.LEGAL_HOLD, HoldReason.RETENTION_COMPLIANCE,
            HoldReason.RETENTION_GOVERNANCE);

    /** Each held version with its reason and date, for the row and the audit. */
    public static String describe(List<HeldVersion> held) {
        return held.stream().map(v -> "version " + v.versionId() + ": " + v.reason().wireName()
                        + (v.retainUntil() == null ? "" : " until " + v.retainUntil()))
                .collect(Collectors.joining("; "));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
