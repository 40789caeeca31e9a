package dev.custodian.quota.entity;

/** Storing {@code requestedBytes} more would take the user past the quota; nothing was stored. */
public class QuotaExceededException extends QuotaException {

    private final long maxBytes;
    private final long usedBytes;
    private final long requestedBytes;

    public QuotaExceededException(String userId, long maxBytes, long usedBytes, long requestedBytes) {
        super(userId, "user " + userId + " has " + usedBytes + " of " + maxBytes + " bytes in use (uploads in"
                + " progress included); " + requestedBytes + " more would exceed the quota");
        this.maxBytes = maxBytes;
        this.usedBytes = usedBytes;
        this.requestedBytes = requestedBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long usedBytes() {
        return usedBytes;
    }

    public long requestedBytes() {
        return requestedBytes;
    }
}
