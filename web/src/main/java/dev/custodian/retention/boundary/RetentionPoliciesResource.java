package dev.custodian.retention.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.JsonFields;
import dev.custodian.api.Page;
import dev.custodian.ledger.boundary.ObjectRecord;
import dev.custodian.ledger.entity.RetentionClass;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.retention.control.RetentionPolicies;
import dev.custodian.retention.entity.PolicyNotFoundException;
import dev.custodian.retention.entity.PolicyRules;
import dev.custodian.retention.entity.RetentionPolicy;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/retention-policies}: apps may read policies and preview them; changing one is an
 * admin's (it decides what a sweep deletes).
 */
@Tag(name = "Retention")
@Path("v1/retention-policies")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionPoliciesResource {

    private static final Set<String> FIELDS = Set.of("name", "retention_class", "file_types", "key_prefix",
            "max_age_days", "action", "enabled");

    @Inject
    RetentionPolicies policies;

    /** A policy as the API shows it. */
    public record PolicyRecord(String name, String retentionClass, List<String> fileTypes, String keyPrefix,
                               int maxAgeDays, String action, boolean enabled, Instant createdAt, Instant updatedAt) {

        static PolicyRecord of(RetentionPolicy policy) {
            PolicyRules rules = policy.rules();
            return new PolicyRecord(policy.name(),
                    rules.retentionClass() == null ? null : rules.retentionClass().wireName(), rules.fileTypes(),
                    rules.keyPrefix(), rules.maxAgeDays(), rules.action().name().toLowerCase(Locale.ROOT),
                    rules.enabled(), policy.createdAt(), policy.updatedAt());
        }
    }

    @GET
    @Allowed(Role.APP)
    @Operation(summary = "List retention policies")
    public Page<PolicyRecord> list() {
        return new Page<>(policies.all().stream().map(PolicyRecord::of).toList(), null);
    }

    @GET
    @Path("{name}")
    @Allowed(Role.APP)
    @Operation(summary = "One retention policy")
    public PolicyRecord get(@PathParam("name") String name) {
        return PolicyRecord.of(find(name));
    }

    /** Creates or replaces the policy: 201 when new, 200 when replaced. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create (201) or replace (200) a retention policy (admin)")
    public Response put(@PathParam("name") String name, JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations, FIELDS);
        json.sameAsPath("name", name);
        RetentionClass retentionClass = null;
        String classText = json.string("retention_class");
        if (classText != null) {
            try {
                retentionClass = RetentionClass.fromWireName(classText);
            } catch (IllegalArgumentException e) {
                violations.add("retention_class", e.getMessage());
            }
        }
        Long maxAge = json.integer("max_age_days");
        if (maxAge == null) {
            violations.add("max_age_days", "is required");
        }
        RetentionPolicy.Action action = RetentionPolicy.Action.DELETE;
        String actionText = json.string("action");
        if (actionText != null) {
            try {
                action = RetentionPolicy.Action.valueOf(actionText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add("action", "must be delete or quarantine");
            }
        }
        Boolean enabled = json.bool("enabled");
        PolicyRules rules = new PolicyRules(retentionClass, json.strings("file_types"), json.string("key_prefix"),
                maxAge == null ? 1 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, maxAge)), action,
                enabled == null || enabled);
        RetentionPolicies.validate(name, rules).list().forEach(v -> violations.add(v.field(), v.message()));
        violations.throwIfAny();
        boolean created = policies.find(name).isEmpty();
        RetentionPolicy saved = policies.put(name, rules, caller.getUserPrincipal().getName());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(PolicyRecord.of(saved)).build();
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a retention policy (admin)")
    public Response delete(@PathParam("name") String name, @Context SecurityContext caller) {
        policies.delete(name, caller.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    /** What the policy would act on right now, paged; nothing is deleted. */
    @GET
    @Path("{name}/preview")
    @Allowed(Role.APP)
    @Operation(summary = "What a policy would delete right now, paged; deletes nothing")
    public Page<ObjectRecord> preview(@PathParam("name") String name, @QueryParam("limit") String limit,
                                      @QueryParam("cursor") String cursor) {
        int pageSize = Cursors.limit(limit);
        UUID after = Cursors.parse(cursor);
        List<StoredObject> rows = policies.preview(find(name), after, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<StoredObject> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page.stream().map(ObjectRecord::of).toList(),
                more ? Cursors.after(page.get(page.size() - 1).id()) : null);
    }

    private RetentionPolicy find(String name) {
        return policies.find(name).orElseThrow(() -> new PolicyNotFoundException(name));
    }
}
