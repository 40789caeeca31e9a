package dev.custodian.ledger.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.ledger.control.Duplicates;
import dev.custodian.ledger.entity.DuplicateGroup;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * {@code /api/v1/admin/duplicates}: groups of active objects with the same size and etag, with
 * the bytes a clean-up keeping the oldest copy would reclaim. Report only. Admin only.
 */
@Tag(name = "Admin")
@Path("v1/admin/duplicates")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class DuplicatesResource {

    @Inject
    Duplicates duplicates;

    @Inject
    ObjectStore store;

    /** The report: totals over every group, and the {@code limit} groups that would reclaim most. */
    public record DuplicatesReport(long groups, long reclaimableBytes, List<DuplicateGroup> items) {
    }

    @GET
    @Operation(summary = "Duplicate content (same size and etag) among active objects, largest reclaim first;"
            + " {groups, reclaimable_bytes, items: [{size_bytes, etag, count, reclaimable_bytes, objects}]}")
    public DuplicatesReport report(@QueryParam("user_id") String userId, @QueryParam("project_id") String projectId,
                                   @QueryParam("limit") String limit) {
        Violations violations = new Violations();
        Identifiers.optionalId(violations, "user_id", userId);
        Identifiers.optionalId(violations, "project_id", projectId);
        violations.throwIfAny();
        Duplicates.Report report = duplicates.report(store.bucket(), userId, projectId, Cursors.limit(limit));
        return new DuplicatesReport(report.groups(), report.reclaimableBytes(), report.largest());
    }
}
