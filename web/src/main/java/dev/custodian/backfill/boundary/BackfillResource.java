package dev.custodian.backfill.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.api.PathIds;
import dev.custodian.backfill.control.Backfills;
import dev.custodian.bucketrun.boundary.BucketRunRecord;
import dev.custodian.bucketrun.control.BucketRunSettings;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.bucketrun.entity.RunItem;
import dev.custodian.bucketrun.entity.RunKind;
import dev.custodian.bucketrun.entity.RunRequest;
import dev.custodian.inventory.control.Inventories;
import dev.custodian.ratelimit.boundary.RateLimited;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.run.boundary.RunStarter;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
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

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/admin/backfill}: records for the objects under a prefix that the ledger lacks,
 * owners read from the canonical layout or a legacy template. Dry run by default. Admin only.
 */
@Tag(name = "Admin")
@Path("v1/admin/backfill")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class BackfillResource {

    static final int SAMPLE = 20;

    @Inject
    RunStarter starter;

    @Inject
    BucketRuns runs;

    @Inject
    BucketRunSettings settings;

    @Inject
    Inventories inventories;

    @RateLimited(RateLimitedOperation.BACKFILL)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a backfill of untracked objects under key_prefix (dry run unless dry_run=false);"
            + " 202 {id, state, total, done, adopted, already_tracked, unparseable, ambiguous, owner_deleted, gone,"
            + " unparseable_sample}",
            description = "Body: {key_prefix, dry_run, max_objects, inventory_manifest}. With inventory_manifest (the"
                    + " key of an S3 Inventory manifest.json delivered into the service's bucket; CSV only) the"
                    + " run scans that report instead of listing the bucket: the manifest and its data files are"
                    + " checked first (422 invalid-inventory naming what is wrong, nothing changes); a real run"
                    + " HEADs each untracked key before adopting it (a key gone since the report counts in gone)"
                    + " and records the HEAD's size, ETag and content type; delete markers and older versions are"
                    + " never adopted.")
    public Response start(JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations, Set.of("key_prefix", "dry_run", "max_objects",
                "inventory_manifest"));
        String prefix = json.string("key_prefix");
        Boolean dryRun = json.bool("dry_run");
        Long maxObjects = json.integer("max_objects");
        String manifest = json.string("inventory_manifest");
        if (manifest != null) {
            Identifiers.requireKeyLength(violations, "inventory_manifest", manifest);
        }
        violations.throwIfAny();
        RunRequest request = RunRequest.backfill(prefix, dryRun, maxObjects, settings.backfillMaxObjects());
        BucketRun run = starter.start(manifest == null ? request : request.scanning(inventories.check(manifest)),
                caller.getUserPrincipal().getName());
        return Response.accepted(record(run)).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A backfill run: state, progress (total, done) and its report")
    public JsonObject get(@PathParam("id") String id) {
        return record(runs.require(PathIds.parse(id), RunKind.BACKFILL));
    }

    private JsonObject record(BucketRun run) {
        Map<String, Long> report = Backfills.report(BucketRunRecord.counts(run, runs.counts(run.id())));
        long seen = report.values().stream().mapToLong(Long::longValue).sum();
        return BucketRunRecord.of(run, seen, seen, report, json -> json
                .add("key_prefix", run.keyPrefix())
                .add("unparseable_sample", keys(runs.sample(run.id(), List.of(ItemOutcome.UNPARSEABLE), SAMPLE)))
                .add("ambiguous_sample", keys(runs.sample(run.id(), List.of(ItemOutcome.AMBIGUOUS), SAMPLE))));
    }

    private static JsonArrayBuilder keys(List<RunItem> items) {
        JsonArrayBuilder keys = JsonFields.JSON.createArrayBuilder();
        items.forEach(item -> keys.add(item.key()));
        return keys;
    }
}
