package dev.custodian.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One destructive action and its outcome. Append-only: created once, never changed or deleted.
 * The id grows with time, so it doubles as the paging key.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private Instant at;

    @Column(nullable = false, updatable = false)
    private String actor;

    @Column(nullable = false, updatable = false)
    private String action;

    @Column(name = "deletion_id", updatable = false)
    private UUID deletionId;

    @Column(name = "run_id", updatable = false)
    private UUID runId;

    @Column(name = "object_key", updatable = false)
    private String key;

    @Column(nullable = false, updatable = false)
    private String outcome;

    @Column(updatable = false)
    private String detail;

    protected AuditEvent() {
        // for JPA
    }

    /**
     * @param deletionId the deletion this belongs to, if any
     * @param runId      the maintenance or sweep run this belongs to, if any
     * @param key        the object key acted on, if the action is about one key
     */
    public AuditEvent(Instant at, String actor, String action, UUID deletionId, UUID runId, String key,
                      String outcome, String detail) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.deletionId = deletionId;
        this.runId = runId;
        this.key = key;
        this.outcome = outcome;
        this.detail = detail;
    }

    public long id() {
        return id;
    }

    public Instant at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public UUID deletionId() {
        return deletionId;
    }

    public UUID runId() {
        return runId;
    }

    public String key() {
        return key;
    }

    public String outcome() {
        return outcome;
    }

    public String detail() {
        return detail;
    }
}
