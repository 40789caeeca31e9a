package dev.custodian.dedup.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.dedup.control.DuplicateRemovals;
import dev.custodian.dedup.entity.RemovalPlan;
import dev.custodian.dedup.entity.RemovalRequest;
import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.ledger.entity.DuplicateGroup;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.ratelimit.boundary.RateLimited;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/admin/duplicates/removals}: removes one user's duplicate copies, keeping the
 * oldest of each group. Dry run by default (200, with a confirmation token); a real run carries
 * the token of a dry run with the same {@code user_id} and {@code groups} and answers 202 with the
 * deletion that deletes the copies. Admin only; never across owners.
 */
@Tag(name = "Admin")
@Path("v1/admin/duplicates/removals")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class DuplicateRemovalsResource {

    static final long DEFAULT_MAX_DELETE = 1000;
    static final long MAX_MAX_DELETE = 100_000;
    static final int MAX_GROUPS = 1000;

    @Inject
    DuplicateRemovals removals;

    @Inject
    ObjectStore store;

    @Inject
    DeletionWorker worker;

    /** A plan as the API shows it. */
    public record PlanRecord(String userId, boolean dryRun, String confirmationToken, UUID deletionId, long groups,
                             long deleteCount, long reclaimableBytes, List<GroupRecord> items) {

        static PlanRecord of(RemovalPlan plan) {
            return new PlanRecord(plan.userId(), plan.dryRun(), plan.confirmationToken(), plan.deletionId(),
                    plan.groups().size(), plan.deleteCount(), plan.reclaimableBytes(), plan.groups().stream()
                    .map(g -> new GroupRecord(g.sizeBytes(), g.etag(), g.kept(), g.removed())).toList());
        }
    }

    /** One group: the copy kept and those deleted. */
    public record GroupRecord(long sizeBytes, String etag, DuplicateGroup.Copy kept, List<DuplicateGroup.Copy> deleted) {
    }

    @RateLimited(RateLimitedOperation.DUPLICATE_REMOVALS)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Remove a user's duplicate copies, keeping the oldest of each group: {user_id, groups:"
            + " [{size_bytes, etag}] (absent: every group of the user), dry_run (default true), max_delete,"
            + " confirmation_token}; a dry run answers 200 with what is kept and deleted and a confirmation_token,"
            + " a real run with that token 202 with the deletion_id")
    public Response remove(JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations,
                Set.of("user_id", "groups", "dry_run", "max_delete", "confirmation_token"));
        String userId = json.string("user_id");
        Identifiers.requireId(violations, "user_id", userId);
        List<JsonObject> named = json.objects("groups");
        if (named.size() > MAX_GROUPS) {
            violations.add("groups", "names at most " + MAX_GROUPS + " groups");
        }
        List<RemovalRequest.ContentKey> groups = new ArrayList<>();
        for (int i = 0; i < named.size() && i < MAX_GROUPS; i++) {
            group(named.get(i), "groups[" + i + "]", violations).ifPresent(groups::add);
        }
        Boolean dryRun = json.bool("dry_run");
        Long maxDelete = json.integer("max_delete");
        if (maxDelete != null && (maxDelete < 0 || maxDelete > MAX_MAX_DELETE)) {
            violations.add("max_delete", "must be from 0 to " + MAX_MAX_DELETE);
        }
        String token = json.string("confirmation_token");
        Identifiers.optionalText(violations, "confirmation_token", token);
        violations.throwIfAny();
        RemovalRequest request = new RemovalRequest(userId, groups, !Boolean.FALSE.equals(dryRun),
                maxDelete == null ? DEFAULT_MAX_DELETE : maxDelete, token);
        if (request.dryRun()) {
            return Response.ok(PlanRecord.of(removals.dryRun(request, store.bucket()))).build();
        }
        RemovalPlan plan = removals.execute(request, store.bucket(), caller.getUserPrincipal().getName());
        worker.poke();
        return Response.accepted(PlanRecord.of(plan)).build();
    }

    /** One named group: {@code size_bytes} (0 or more) and {@code etag} (text), nothing else. */
    private static Optional<RemovalRequest.ContentKey> group(JsonObject group, String field,
                                                                        Violations violations) {
        int before = violations.list().size();
        group.keySet().stream().filter(name -> !name.equals("size_bytes") && !name.equals("etag")).sorted()
                .forEach(name -> violations.add(field + "." + name, "is not a known field"));
        JsonValue size = group.get("size_bytes");
        if (!(size instanceof JsonNumber number && number.isIntegral() && number.bigIntegerValue().signum() >= 0
                && number.bigIntegerValue().bitLength() < 64)) {
            violations.add(field + ".size_bytes", "is required: a size in bytes, 0 or more");
        }
        JsonValue etag = group.get("etag");
        if (!(etag instanceof JsonString text) || text.getString().isEmpty()) {
            violations.add(field + ".etag", "is required: the etag the duplicates report shows");
        } else {
            Identifiers.optionalText(violations, field + ".etag", text.getString());
        }
        if (violations.list().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RemovalRequest.ContentKey(((JsonNumber) size).longValueExact(),
                ((JsonString) etag).getString()));
    }
}
