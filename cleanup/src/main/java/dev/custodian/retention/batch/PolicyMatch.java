package dev.custodian.retention.batch;

import java.io.Serializable;
import java.util.UUID;

/** One object a policy matched, and whether that policy quarantines instead of deleting. */
record PolicyMatch(UUID objectId, String policy, boolean quarantine) implements Serializable {
}
