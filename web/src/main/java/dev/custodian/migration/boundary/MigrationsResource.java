package dev.custodian.migration.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.api.PathIds;
import dev.custodian.bucketrun.boundary.BucketRunRecord;
import dev.custodian.bucketrun.control.BucketRunSettings;
import dev.custodian.bucketrun.control.BucketRuns;
import dev.custodian.bucketrun.entity.BucketRun;
import dev.custodian.bucketrun.entity.ItemOutcome;
import dev.custodian.bucketrun.entity.RunItem;
import dev.custodian.bucketrun.entity.RunKind;
import dev.custodian.bucketrun.entity.RunRequest;
import dev.custodian.migration.control.Migrations;
import dev.custodian.ratelimit.boundary.RateLimited;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.run.boundary.RunStarter;
import dev.custodian.security.boundary.Allowed;
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
 * {@code /api/v1/admin/migrations}: moves the records of a project, a user or the whole ledger whose
 * keys are not canonical to their canonical keys. Dry run by default. Admin only.
 */
@Tag(name = "Admin")
@Path("v1/admin/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class MigrationsResource {

    static final int SAMPLE = 20;

    @Inject
    RunStarter starter;

    @Inject
    BucketRuns runs;

    @Inject
    BucketRunSettings settings;

    @RateLimited(RateLimitedOperation.MIGRATIONS)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a migration of legacy keys to the canonical layout for project_id, user_id or every"
            + " record (dry run unless dry_run=false); 202 {id, state, total, done, migrated, skipped, failed,"
            + " conflicts, sample}")
    public Response start(JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations, Set.of("project_id", "user_id", "dry_run", "max_objects"));
        String projectId = json.string("project_id");
        String userId = json.string("user_id");
        Boolean dryRun = json.bool("dry_run");
        Long maxObjects = json.integer("max_objects");
        violations.throwIfAny();
        BucketRun run = starter.start(RunRequest.migration(userId, projectId, dryRun, maxObjects,
                settings.migrationMaxObjects()), caller.getUserPrincipal().getName());
        return Response.accepted(record(run)).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A migration run: state, progress (total, done) and its report")
    public JsonObject get(@PathParam("id") String id) {
        return record(runs.require(PathIds.parse(id), RunKind.MIGRATION));
    }

    private JsonObject record(BucketRun run) {
        Map<String, Long> counts = BucketRunRecord.counts(run, runs.counts(run.id()));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        ItemOutcome moved = run.dryRun() ? ItemOutcome.PLANNED : ItemOutcome.MIGRATED;
        return BucketRunRecord.of(run, total, total - Migrations.open(run.dryRun(), counts),
                Migrations.report(run.dryRun(), counts), json -> {
                    BucketRunRecord.nullable(json, "project_id", run.projectId());
                    BucketRunRecord.nullable(json, "user_id", run.userId());
                    json.add("sample", moves(runs.sample(run.id(), List.of(moved), SAMPLE)))
                            .add("conflict_sample", moves(runs.sample(run.id(), List.of(ItemOutcome.CONFLICT), SAMPLE)))
                            .add("skipped_sample", moves(runs.sample(run.id(), List.of(ItemOutcome.SKIPPED), SAMPLE)));
                });
    }

    private static JsonArrayBuilder moves(List<RunItem> items) {
        JsonArrayBuilder moves = JsonFields.JSON.createArrayBuilder();
        items.forEach(item -> {
            var move = JsonFields.JSON.createObjectBuilder().add("from", item.key());
            BucketRunRecord.nullable(move, "to", item.targetKey());
            BucketRunRecord.nullable(move, "detail", item.detail());
            moves.add(move);
        });
        return moves;
    }
}
