package dev.custodian.diagnostics.boundary;

import dev.custodian.diagnostics.control.Diagnostics;
import dev.custodian.ratelimit.boundary.RateLimited;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import dev.custodian.security.boundary.Allowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/admin/diagnostics}: admin only, since it shows the configuration (secrets only as
 * set or not set). Always 200 with the report, within 5 s: a part that is down says so in the body.
 */
@Tag(name = "Admin")
@Path("v1/admin/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class DiagnosticsResource {

    @Inject
    Diagnostics diagnostics;

    @RateLimited(RateLimitedOperation.DIAGNOSTICS)
    @GET
    @Operation(summary = "Probe the bucket (list, write, read, delete, with latency), the database and its schema,"
            + " the batch job repository; show the effective configuration, version and instances (admin)")
    public Diagnostics.Report get() {
        return diagnostics.run();
    }
}
