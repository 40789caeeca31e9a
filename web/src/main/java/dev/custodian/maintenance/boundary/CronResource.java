package dev.custodian.maintenance.boundary;

import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/cron/maintenance}, the seed's endpoint for an external scheduler: starts the
 * daily dry run (or answers with the one already running). A cron token opens only this.
 */
@Tag(name = "Maintenance")
@Path("cron")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.CRON)
public class CronResource {

    @Inject
    MaintenanceStarter starter;

    @GET
    @Path("maintenance")
    @Operation(summary = "Start the daily dry-run maintenance (cron secret); 202 with the run")
    public Response maintenance(@Context SecurityContext caller) {
        return Response.accepted(MaintenanceRunRecord.of(starter.dryRun(caller.getUserPrincipal().getName(), "cron")))
                .build();
    }
}
