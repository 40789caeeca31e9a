package dev.custodian.clear.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.api.PathIds;
import dev.custodian.bucketrun.boundary.BucketRunRecord;
import dev.custodian.bucketrun.control.BucketRunSettings;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.RunKind;
import dev.custodian.bucketrun.entity.RunRequest;
import dev.custodian.clear.control.Clears;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.ratelimit.boundary.RateLimited;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.run.boundary.RunStarter;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/admin/clear}: deletes everything under a prefix (the whole bucket with {@code ""})
 * through the deletion pipeline, records included. {@code confirm} must be the bucket's name. Dry
 * run by default; past {@code max_delete} nothing is deleted. Admin only.
 */
@Tag(name = "Admin")
@Path("v1/admin/clear")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class ClearResource {

    @Inject
    RunStarter starter;

    @Inject
    BucketRuns runs;

    @Inject
    Clears clears;

    @Inject
    BucketRunSettings settings;

    @Inject
    ObjectStore store;

    @RateLimited(RateLimitedOperation.CLEAR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Clear a prefix (confirm = the bucket's name; dry run unless dry_run=false);"
            + " 202 {id, state, total, done, objects, bytes, records_without_object, deleted, failed}")
    public Response start(JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations, Set.of("key_prefix", "confirm", "dry_run", "max_delete"));
        String prefix = json.string("key_prefix");
        String confirm = json.string("confirm");
        Boolean dryRun = json.bool("dry_run");
        Long maxDelete = json.integer("max_delete");
        violations.throwIfAny();
        BucketRun run = starter.start(RunRequest.clear(prefix, confirm, store.bucket(), dryRun, maxDelete,
                settings.clearMaxDelete()), caller.getUserPrincipal().getName());
        return Response.accepted(record(run)).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A clear run: state, progress (total, done: keys the deletion has settled) and its report")
    public JsonObject get(@PathParam("id") String id) {
        return record(runs.require(PathIds.parse(id), RunKind.CLEAR));
    }

    private JsonObject record(BucketRun run) {
        Map<String, Long> report = clears.report(run, store.bucket());
        long total = report.get("objects") + report.get("records_without_object");
        long done = run.deletionId() == null ? (run.isActive() ? report.get("objects") : total)
                : report.get("deleted") + report.get("failed");
        return BucketRunRecord.of(run, total, done, report, json -> json.add("key_prefix", run.keyPrefix()));
    }
}
