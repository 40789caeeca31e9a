package dev.custodian.retention.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.retention.entity.PolicyNotFoundException;
import dev.custodian.retention.entity.PolicyRules;
import dev.custodian.retention.entity.RetentionPolicy;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.Predicate;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Retention policies: stored, validated, and previewed (what a policy would delete now). */
@ApplicationScoped
@Transactional
public class RetentionPolicies {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final int MAX_AGE_DAYS = 36500;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    ObjectStore store;

    @Inject
    AuditLog audit;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RetentionPolicy> all() {
        return em.createQuery("select p from RetentionPolicy p order by p.name", RetentionPolicy.class).getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<RetentionPolicy> find(String name) {
        return Optional.ofNullable(em.find(RetentionPolicy.class, name));
    }

    /** Creates or replaces the policy. */
    public RetentionPolicy put(String name, PolicyRules rules, String actor) {
        validate(name, rules).throwIfAny();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        RetentionPolicy policy = em.find(RetentionPolicy.class, name);
        if (policy == null) {
            policy = new RetentionPolicy(name, rules, now);
            em.persist(policy);
        } else {
            policy.apply(rules, now);
        }
        audit.record(actor, "put_retention_policy", null, null, null, "saved", name + ": " + rules);
        return policy;
    }

    public void delete(String name, String actor) {
        RetentionPolicy policy = em.find(RetentionPolicy.class, name);
        if (policy == null) {
            throw new PolicyNotFoundException(name);
        }
        em.remove(policy);
        audit.record(actor, "delete_retention_policy", null, null, null, "deleted", name);
    }

    /** Every rule a policy must obey; all violations at once. */
    public static Violations validate(String name, PolicyRules rules) {
        Violations violations = new Violations();
        if (name == null || !NAME.matcher(name).matches()) {
            violations.add("name", "must be 1-64 characters of a-z 0-9 _ -, starting with a letter or digit");
        }
        if (rules.maxAgeDays() < 1 || rules.maxAgeDays() > MAX_AGE_DAYS) {
            violations.add("max_age_days", "must be between 1 and " + MAX_AGE_DAYS);
        }
        rules.fileTypes().forEach(type -> Identifiers.requireFileType(violations, "file_types", type));
        String prefix = rules.keyPrefix();
        if (prefix != null && (prefix.isEmpty() || !prefix.endsWith("/")
                || prefix.getBytes(StandardCharsets.UTF_8).length > Identifiers.MAX_KEY_BYTES)) {
            violations.add("key_prefix", "must end in '/' and be at most " + Identifiers.MAX_KEY_BYTES + " bytes");
        }
        if (!rules.hasFilter()) {
            violations.add("retention_class", "a policy needs retention_class, file_types or key_prefix:"
                    + " without a filter it would match every object");
        }
        return violations;
    }

    /** The active objects the policy would act on now, by id after the given one (keyset paging). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredObject> preview(RetentionPolicy policy, UUID after, int limit) {
        PolicyRules rules = policy.rules();
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(StoredObject.class);
        var root = query.from(StoredObject.class);
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(root.get("bucket"), store.bucket()));
        where.add(cb.equal(root.get("state"), ObjectState.ACTIVE));
        where.add(cb.lessThan(root.get("createdAt"), Instant.now().minus(Duration.ofDays(rules.maxAgeDays()))));
        if (rules.retentionClass() != null) {
            where.add(cb.equal(root.get("retentionClass"), rules.retentionClass()));
        }
        if (!rules.fileTypes().isEmpty()) {
            where.add(root.get("fileType").in(rules.fileTypes()));
        }
        if (rules.keyPrefix() != null) {
            where.add(cb.like(root.get("key"), StoredObjectRepository.likePrefix(rules.keyPrefix()), '\\'));
        }
        if (after != null) {
            where.add(cb.greaterThan(root.get("id"), after));
        }
        query.select(root).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(root.get("id")));
        return em.createQuery(query).setMaxResults(limit).getResultList();
    }
}
