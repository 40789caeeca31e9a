package dev.custodian.maintenance.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.JsonFields;
import dev.custodian.api.Page;
import dev.custodian.api.PathIds;
import dev.custodian.inventory.control.Inventories;
import dev.custodian.maintenance.control.MaintenanceFindings;
import dev.custodian.maintenance.control.MaintenanceReport;
import dev.custodian.maintenance.control.MaintenanceRuns;
import dev.custodian.maintenance.control.MaintenanceSettings;
import dev.custodian.maintenance.entity.Finding;
import dev.custodian.maintenance.entity.FindingKind;
import dev.custodian.maintenance.entity.MaintenanceRequest;
import dev.custodian.maintenance.entity.MaintenanceRun;
import dev.custodian.maintenance.entity.MissingAction;
import dev.custodian.maintenance.entity.OrphanAction;
import dev.custodian.ratelimit.boundary.RateLimited;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.retention.control.RetentionSettings;
import dev.custodian.run.boundary.RunStarter;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code /api/v1/maintenance/runs}: the bucket against the ledger, both ways. Dry run by default;
 * acting needs the confirmation token of a finished dry run with the same parameters. Admin only.
 */
@Tag(name = "Maintenance")
@Path("v1/maintenance/runs")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    private static final int REPORT_PAGE = 1000;

    @Inject
    RunStarter starter;

    @Inject
    MaintenanceRuns runs;

    @Inject
    MaintenanceFindings findings;

    @Inject
    MaintenanceSettings settings;

    @Inject
    RetentionSettings retention;

    @Inject
    Inventories inventories;

    @RateLimited(RateLimitedOperation.MAINTENANCE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a maintenance run (dry run unless a dry run's confirmation_token is given)",
            description = "Body: {dry_run, key_prefix, orphan_action: report|quarantine|delete, orphan_min_age_days,"
                    + " missing_action: report|mark_missing, max_delete, confirmation_token, inventory_manifest}."
                    + " With inventory_manifest (the key of an S3 Inventory manifest.json delivered into the"
                    + " service's bucket; CSV only) the run scans that report instead of listing the bucket:"
                    + " the manifest and its data files are checked first (422 invalid-inventory naming what is"
                    + " wrong, nothing changes), a file the report calls orphaned is re-checked with a HEAD, a"
                    + " record changed after the report's creation is never called missing, and the run shows"
                    + " inventory_created_at. An execution must name the same report as its dry run.")
    public Response start(JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations, Set.of("dry_run", "key_prefix", "orphan_action",
                "orphan_min_age_days", "missing_action", "confirmation_token", "max_delete", "inventory_manifest"));
        Boolean dryRun = json.bool("dry_run");
        String prefix = json.string("key_prefix");
        OrphanAction orphanAction = choice(violations, "orphan_action", json.string("orphan_action"),
                OrphanAction.REPORT, OrphanAction::fromWireName);
        MissingAction missingAction = choice(violations, "missing_action", json.string("missing_action"),
                MissingAction.REPORT, MissingAction::fromWireName);
        Long minAge = json.integer("orphan_min_age_days");
        Long maxDelete = json.integer("max_delete");
        String token = json.string("confirmation_token");
        String manifest = json.string("inventory_manifest");
        if (manifest != null) {
            Identifiers.requireKeyLength(violations, "inventory_manifest", manifest);
        }
        violations.throwIfAny();
        MaintenanceRequest request = MaintenanceRequest.of(dryRun, prefix, orphanAction, minAge, missingAction,
                maxDelete, token, new MaintenanceRequest.Defaults((int) retention.orphanMinAge().toDays(),
                        settings.maxDelete()));
        MaintenanceRun run = starter.start(manifest == null ? request : request.scanning(inventories.check(manifest)),
                caller.getUserPrincipal().getName());
        return Response.accepted(MaintenanceRunRecord.of(run)).build();
    }

    private static <E> E choice(Violations violations, String field, String value, E fallback,
                                Function<String, E> parse) {
        if (value == null) {
            return fallback;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            violations.add(field, e.getMessage());
            return fallback;
        }
    }

    @GET
    @Operation(summary = "Maintenance runs, newest first")
    public Page<MaintenanceRunRecord> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int pageSize = Cursors.limit(limit);
        List<MaintenanceRun> rows = runs.list(Cursors.parse(cursor), pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<MaintenanceRun> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page.stream().map(MaintenanceRunRecord::of).toList(),
                more ? Cursors.after(page.get(page.size() - 1).id()) : null);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One maintenance run: parameters, both checks, summary, actions, confirmation token")
    public MaintenanceRunRecord get(@PathParam("id") String id) {
        return MaintenanceRunRecord.of(runs.require(PathIds.parse(id)));
    }

    @GET
    @Path("{id}/findings")
    @Operation(summary = "A run's findings, paged; kind=orphaned_file|orphaned_record")
    public Page<FindingRecord> findings(@PathParam("id") String id, @QueryParam("kind") String kind,
                                        @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        FindingKind findingKind;
        try {
            findingKind = kind == null ? null : FindingKind.fromWireName(kind);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("kind", e.getMessage());
        }
        int pageSize = Cursors.limit(limit);
        long after = Cursors.parseNumber(cursor);
        UUID runId = runs.require(PathIds.parse(id)).id();
        List<Finding> rows = findings.findings(runId, findingKind, after, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<Finding> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page.stream().map(FindingRecord::of).toList(),
                more ? Cursors.after(page.get(page.size() - 1).id()) : null);
    }

    @GET
    @Path("{id}/report")
    @Produces(MediaType.TEXT_PLAIN + ";charset=utf-8")
    @Operation(summary = "The run's report in the seed's text layout")
    public StreamingOutput report(@PathParam("id") String id) {
        MaintenanceRun run = runs.require(PathIds.parse(id));
        return out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            MaintenanceReport.text(run, (kind, after) -> findings.findings(run.id(), kind, after, REPORT_PAGE), writer);
            writer.flush();
        };
    }

    @GET
    @Path("{id}/report.csv")
    @Produces("text/csv;charset=utf-8")
    @Operation(summary = "The run's findings as CSV")
    public Response csv(@PathParam("id") String id) {
        MaintenanceRun run = runs.require(PathIds.parse(id));
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            MaintenanceReport.csv((kind, after) -> findings.findings(run.id(), kind, after, REPORT_PAGE), writer);
            writer.flush();
        };
        return Response.ok(body).header("Content-Disposition",
                "attachment; filename=\"maintenance-" + run.id() + ".csv\"").build();
    }
}
