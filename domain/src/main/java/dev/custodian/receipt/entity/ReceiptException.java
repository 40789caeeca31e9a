package dev.custodian.receipt.entity;

import java.util.UUID;

/** A receipt that cannot be given as asked, with the HTTP status and problem type that say why. */
public class ReceiptException extends RuntimeException {

    private final UUID deletionId;
    private final int status;
    private final String type;

    private ReceiptException(UUID deletionId, int status, String type, String message) {
        super(message);
        this.deletionId = deletionId;
        this.status = status;
        this.type = type;
    }

    public static ReceiptException notFinished(UUID deletionId, String state) {
        return new ReceiptException(deletionId, 409, "deletion-not-finished", "deletion " + deletionId + " is "
                + state + ": a receipt is given once it has finished");
    }

    public static ReceiptException recordsOnly(UUID deletionId) {
        return new ReceiptException(deletionId, 409, "records-only", "deletion " + deletionId
                + " only forgot records and left the bucket alone: it erased nothing, so it has no erasure receipt");
    }

    /** The rows that would be the leaves were purged before a receipt was made; none can be now. */
    public static ReceiptException leavesPurged(UUID deletionId) {
        return new ReceiptException(deletionId, 410, "receipt-unavailable", "the ledger no longer holds every key"
                + " deletion " + deletionId + " deleted (rows are purged after custodian.ledger.deleted-retention-days)"
                + " and no receipt was made before");
    }

    /** The receipt stands, but the rows its leaves are read from were purged since. */
    public static ReceiptException keysPurged(UUID deletionId) {
        return new ReceiptException(deletionId, 410, "receipt-keys-purged", "the signed receipt of deletion "
                + deletionId + " stands, but its keys were purged from the ledger (after"
                + " custodian.ledger.deleted-retention-days)");
    }

    public static ReceiptException notALeaf(UUID deletionId, String key) {
        return new ReceiptException(deletionId, 404, "not-found", "no key " + key + " among the leaves of deletion "
                + deletionId + "'s receipt");
    }

    public static ReceiptException notConfigured(UUID deletionId, String reason) {
        return new ReceiptException(deletionId, 503, "not-configured", reason);
    }

    public UUID deletionId() {
        return deletionId;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
