package dev.custodian.deletion.entity;

import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.persistence.TextEnums;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One key of a deletion and what became of it: {@code deleted} (the store confirmed it gone, or
 * the record was forgotten by a records-only deletion), {@code failed} (retries used up, kept with
 * its last error) or {@code pending} (still queued; {@code error} is the last attempt's, if any).
 * {@code versionIds} are the versions (and delete markers) of the key the store confirmed erased,
 * in byte order; empty when the bucket keeps no versions.
 */
public record DeletionKey(String key, String outcome, Instant at, String errorCode, String error,
                          List<String> versionIds) {

    public DeletionKey {
        versionIds = List.copyOf(versionIds);
    }

    /** The outcomes and the row states they stand for. */
    public enum Outcome {
        DELETED(ObjectState.DELETED), FAILED(ObjectState.DELETE_FAILED), HELD(ObjectState.HELD),
        PENDING(ObjectState.DELETING);

        private final ObjectState state;

        Outcome(ObjectState state) {
            this.state = state;
        }

        public ObjectState state() {
            return state;
        }

        public String wireName() {
            return TextEnums.wireName(this);
        }

        public static Outcome fromWireName(String name) {
            return TextEnums.fromWireName(Outcome.class, name);
        }

        public static Outcome ofState(String state) {
            ObjectState rowState = ObjectState.fromWireName(state);
            return Arrays.stream(values()).filter(o -> o.state == rowState).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no outcome for state " + state));
        }
    }
}
