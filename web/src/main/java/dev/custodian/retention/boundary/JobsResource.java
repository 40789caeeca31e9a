package dev.custodian.retention.boundary;

import dev.custodian.deletion.boundary.DeletionRecord;
import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.deletion.control.DeletionProgress;
import dev.custodian.retention.control.JobCompletions;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** {@code POST /api/v1/jobs/{job_id}/complete}: a job's temporary files go, its final outputs start expiring. */
@Tag(name = "Retention")
@Path("v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.APP)
public class JobsResource {

    @Inject
    JobCompletions completions;

    @Inject
    DeletionProgress progress;

    @Inject
    DeletionWorker worker;

    @POST
    @Path("{job_id}/complete")
    @Operation(summary = "A processing job finished: delete its temporary objects, start its final outputs' retention")
    public Response complete(@PathParam("job_id") String jobId, @Context SecurityContext caller) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "job_id", jobId);
        violations.throwIfAny();
        var deletion = completions.complete(jobId, caller.getUserPrincipal().getName());
        worker.poke();
        return Response.accepted(DeletionRecord.of(deletion, progress)).build();
    }
}
