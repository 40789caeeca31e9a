package dev.custodian.retention.entity;

import dev.custodian.ledger.entity.RetentionClass;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/**
 * A retention rule: active objects that match every filter given (class, file types, key prefix)
 * and are older than {@code maxAgeDays} are due. Invariant: at least one filter is set, so no
 * policy can match the whole bucket; a key prefix ends in '/'.
 */
@Entity
@Table(name = "retention_policy")
public class RetentionPolicy {

    /** What a policy does with the objects it matches. */
    public enum Action { DELETE, QUARANTINE }

    @Id
    private String name;

    @Column(name = "retention_class")
    private RetentionClass retentionClass;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "file_types", nullable = false)
    private List<String> fileTypes;

    @Column(name = "key_prefix")
    private String keyPrefix;

    @Column(name = "max_age_days", nullable = false)
    private int maxAgeDays;

    @Column(nullable = false)
    private String action;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RetentionPolicy() {
        // for JPA
    }

    public RetentionPolicy(String name, PolicyRules rules, Instant now) {
        this.name = name;
        this.createdAt = now;
        apply(rules, now);
    }

    /** Replaces every rule of the policy (PUT semantics). */
    public void apply(PolicyRules rules, Instant now) {
        this.retentionClass = rules.retentionClass();
        this.fileTypes = List.copyOf(rules.fileTypes());
        this.keyPrefix = rules.keyPrefix();
        this.maxAgeDays = rules.maxAgeDays();
        this.action = rules.action().name().toLowerCase(java.util.Locale.ROOT);
        this.enabled = rules.enabled();
        this.updatedAt = now;
    }

    public String name() {
        return name;
    }

    public PolicyRules rules() {
        return new PolicyRules(retentionClass, fileTypes, keyPrefix, maxAgeDays,
                Action.valueOf(action.toUpperCase(java.util.Locale.ROOT)), enabled);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
