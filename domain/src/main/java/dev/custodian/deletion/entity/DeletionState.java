package dev.custodian.deletion.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** queued → running → completed | completed_with_errors (| failed: the request itself could not proceed). */
public enum DeletionState {
    QUEUED, RUNNING, COMPLETED, COMPLETED_WITH_ERRORS,
    /** Every key is gone but those Object Lock holds; they go when the hold ends, and the deletion runs again. */
    COMPLETED_WITH_HOLDS,
    FAILED;

    /** Whether the deletion has ended: nothing of it runs any more (it may still be retried). */
    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeletionState fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.stream(values())
                        .map(DeletionState::wireName).collect(Collectors.joining(", "))));
    }
}
