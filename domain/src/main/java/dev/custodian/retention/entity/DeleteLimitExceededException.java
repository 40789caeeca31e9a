package dev.custodian.retention.entity;

/** A bulk action would delete more than its {@code max_delete}: it stops before deleting anything. */
public class DeleteLimitExceededException extends RuntimeException {

    private final long wouldDelete;
    private final long maxDelete;

    public DeleteLimitExceededException(long wouldDelete, long maxDelete) {
        this(wouldDelete, maxDelete, false);
    }

    /** {@code atLeast}: the run stopped counting once past the cap, so it would delete even more. */
    public DeleteLimitExceededException(long wouldDelete, long maxDelete, boolean atLeast) {
        super("this run would delete " + (atLeast ? "at least " : "") + wouldDelete + " objects, more than"
                + " max_delete " + maxDelete + "; nothing was deleted");
        this.wouldDelete = wouldDelete;
        this.maxDelete = maxDelete;
    }

    public long wouldDelete() {
        return wouldDelete;
    }

    public long maxDelete() {
        return maxDelete;
    }
}
