package dev.custodian.ledger.entity;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.custodian.ledger.entity.ObjectState.ACTIVE;
import static dev.custodian.ledger.entity.ObjectState.DELETED;
import static dev.custodian.ledger.entity.ObjectState.DELETE_FAILED;
import static dev.custodian.ledger.entity.ObjectState.DELETING;
import static dev.custodian.ledger.entity.ObjectState.HELD;
import static dev.custodian.ledger.entity.ObjectState.MISSING;
import static dev.custodian.ledger.entity.ObjectState.PENDING;
import static dev.custodian.ledger.entity.ObjectState.QUARANTINED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectTransitionTest {

    /** The whole state machine, written out once more by hand: the enum must say exactly this. */
    private static final Map<ObjectTransition, Set<ObjectState>> ALLOWED = Map.ofEntries(
            Map.entry(ObjectTransition.CONFIRM_UPLOAD, EnumSet.of(PENDING)),
            Map.entry(ObjectTransition.MARK_DELETING, EnumSet.of(ACTIVE, PENDING, MISSING, QUARANTINED, DELETE_FAILED,
                    HELD)),
            Map.entry(ObjectTransition.MARK_DELETING_LEASED, EnumSet.of(ACTIVE, PENDING, MISSING, QUARANTINED,
                    DELETE_FAILED, HELD)),
            Map.entry(ObjectTransition.CONFIRM_DELETED, EnumSet.of(DELETING)),
            Map.entry(ObjectTransition.CONFIRM_DELETED_UNCLAIMED, EnumSet.of(ACTIVE)),
            Map.entry(ObjectTransition.FORGET, EnumSet.complementOf(EnumSet.of(DELETED))),
            Map.entry(ObjectTransition.GIVE_UP, EnumSet.of(DELETING)),
            Map.entry(ObjectTransition.HOLD, EnumSet.of(DELETING)),
            Map.entry(ObjectTransition.RELEASE_HOLD, EnumSet.of(HELD)),
            Map.entry(ObjectTransition.RELEASE_PARKED, EnumSet.of(DELETING)),
            Map.entry(ObjectTransition.QUARANTINE, EnumSet.of(ACTIVE)),
            Map.entry(ObjectTransition.RESTORE, EnumSet.of(QUARANTINED)),
            Map.entry(ObjectTransition.MARK_MISSING, EnumSet.of(ACTIVE)));

    private static final Map<ObjectTransition, ObjectState> TARGET = Map.ofEntries(
            Map.entry(ObjectTransition.CONFIRM_UPLOAD, ACTIVE), Map.entry(ObjectTransition.MARK_DELETING, DELETING),
            Map.entry(ObjectTransition.MARK_DELETING_LEASED, DELETING),
            Map.entry(ObjectTransition.CONFIRM_DELETED, DELETED), Map.entry(ObjectTransition.FORGET, DELETED),
            Map.entry(ObjectTransition.CONFIRM_DELETED_UNCLAIMED, DELETED),
            Map.entry(ObjectTransition.GIVE_UP, DELETE_FAILED), Map.entry(ObjectTransition.HOLD, HELD),
            Map.entry(ObjectTransition.RELEASE_HOLD, DELETING), Map.entry(ObjectTransition.RELEASE_PARKED, ACTIVE),
            Map.entry(ObjectTransition.QUARANTINE, QUARANTINED), Map.entry(ObjectTransition.RESTORE, ACTIVE),
            Map.entry(ObjectTransition.MARK_MISSING, MISSING));

    @Test
    void everyEventAllowsExactlyItsSourcesAndRefusesEveryOtherState() {
        assertThat(ALLOWED.keySet()).containsExactlyInAnyOrder(ObjectTransition.values());
        for (ObjectTransition event : ObjectTransition.values()) {
            for (ObjectState state : ObjectState.values()) {
                assertThat(event.allows(state)).as(event + " from " + state).isEqualTo(ALLOWED.get(event).contains(state));
            }
            assertThat(event.target()).as(event + "'s target").isEqualTo(TARGET.get(event));
        }
    }

    @Test
    void deletedIsFinalAndNoEventStaysWhereItIs() {
        for (ObjectTransition event : ObjectTransition.values()) {
            assertThat(event.allows(DELETED)).as(event + " leaves deleted").isFalse();
            assertThat(event.allows(event.target())).as(event + " from its own target").isFalse();
        }
    }

    @Test
    void theStatementsAreBuiltFromTheStatesWireNames() {
        assertThat(ObjectTransition.MARK_DELETING.set()).startsWith("state = 'deleting', deletion_id = ?");
        assertThat(ObjectTransition.MARK_DELETING.from())
                .isEqualTo("state in ('pending', 'active', 'delete_failed', 'quarantined', 'missing', 'held')");
        assertThat(ObjectTransition.CONFIRM_DELETED.from()).isEqualTo("state = 'deleting'");
        assertThat(ObjectTransition.CONFIRM_DELETED.fromStateOf("target")).isEqualTo("target.state = 'deleting'");
        assertThat(ObjectTransition.MARK_MISSING.set()).isEqualTo("state = 'missing', updated_at = now()");
        assertThat(ObjectTransition.FORGET.from()).doesNotContain("'deleted'").contains("'deleting'");
    }

    /** Reaching {@code deleted} moves the row to the proof table: a DELETE and an INSERT, never an UPDATE. */
    @Test
    void exactlyTheEventsThatReachDeletedMoveTheRowAndSetNothing() {
        for (ObjectTransition event : ObjectTransition.values()) {
            assertThat(event.movesToProof()).as(event + " moves the row").isEqualTo(event.target() == DELETED);
            if (event.movesToProof()) {
                assertThatThrownBy(event::set).as(event + ".set()").isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> event.setIf("?")).isInstanceOf(IllegalStateException.class);
                assertThat(event.proofValues().split(",")).as(event + "'s proof, column by column")
                        .hasSameSizeAs(ObjectTransition.PROOF_COLUMNS.split(","));
            } else {
                assertThatThrownBy(event::proofValues).as(event + ".proofValues()")
                        .isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void aConfirmationKeepsItsDeletionAndDropsItsErrorsWhileAForgetNamesItsDeletion() {
        assertThat(ObjectTransition.CONFIRM_DELETED.proofValues())
                .endsWith("gone.expires_at, null, null, gone.deletion_id, ?, ?");
        assertThat(ObjectTransition.CONFIRM_DELETED_UNCLAIMED.proofValues())
                .endsWith("gone.last_error_code, gone.last_error, ?, ?, ?");
        assertThat(ObjectTransition.FORGET.proofValues()).isEqualTo(ObjectTransition.CONFIRM_DELETED_UNCLAIMED.proofValues());
        assertThat(ObjectTransition.PROOF_COLUMNS).endsWith("last_error_code, last_error, deletion_id, deleted_at, updated_at");
    }

    @Test
    void aStatementMayNarrowAnEventButNeverWidenIt() {
        assertThat(ObjectTransition.MARK_DELETING.from(ACTIVE)).isEqualTo("state = 'active'");
        assertThat(ObjectTransition.MARK_DELETING.from(ACTIVE, DELETE_FAILED))
                .isEqualTo("state in ('active', 'delete_failed')");
        assertThatThrownBy(() -> ObjectTransition.MARK_DELETING.from(ACTIVE, DELETED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MARK_DELETING");
        assertThatThrownBy(() -> ObjectTransition.RESTORE.from(ACTIVE)).isInstanceOf(IllegalArgumentException.class);
    }
}
