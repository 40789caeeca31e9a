package dev.custodian.deletion.entity;

/** A deletion's progress, counted from its ledger rows. */
public record DeletionCounts(long total, long deleted, long failed, long held, long bytesReclaimed) {

    /** Rows still on their way (deleting or retrying). */
    public long pending() {
        return total - deleted - failed - held;
    }
}
