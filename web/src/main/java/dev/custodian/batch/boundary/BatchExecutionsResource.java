package dev.custodian.batch.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.api.Page;
import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import dev.custodian.retention.boundary.RetentionSweepStarter;
import dev.custodian.retention.control.RetentionSettings;
import dev.custodian.scheduling.ScheduledTasks;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code /api/v1/batch/executions}: the Jakarta Batch executions of this application, newest
 * first, with read/write/skip counts. Admin only (no {@code @Allowed}).
 */
@Tag(name = "Batch")
@Path("v1/batch/executions")
@Produces(MediaType.APPLICATION_JSON)
public class BatchExecutionsResource {

    /** The jobs an admin may start by hand; each is safe to run at any time. */
    static final Set<String> STARTABLE = Set.of(ScheduledTasks.PENDING_UPLOADS_JOB, ScheduledTasks.LEDGER_PURGE_JOB,
            RetentionSweepStarter.JOB);

    private final JobOperator operator = BatchRuntime.getJobOperator();

    @Inject
    RetentionSweepStarter sweepStarter;

    @Inject
    RetentionSettings retention;

    @Inject
    JobStarter jobs;

    @GET
    @Operation(summary = "Jakarta Batch executions, newest first, with read/write/skip counts (admin)")
    public Page<BatchExecution> list(@QueryParam("job_name") String jobName, @QueryParam("limit") String limit,
                                     @QueryParam("cursor") String cursor) {
        int pageSize = dev.custodian.api.Cursors.limit(limit);
        long before = parseCursor(cursor);
        List<JobExecution> executions = new ArrayList<>();
        for (String name : operator.getJobNames()) {
            if (jobName != null && !jobName.equals(name)) {
                continue;
            }
            int instances = operator.getJobInstanceCount(name);
            operator.getJobInstances(name, 0, instances)
                    .forEach(instance -> executions.addAll(operator.getJobExecutions(instance)));
        }
        List<JobExecution> page = executions.stream()
                .filter(e -> e.getExecutionId() < before)
                .sorted(Comparator.comparingLong(JobExecution::getExecutionId).reversed())
                .limit(pageSize + 1L)
                .toList();
        boolean more = page.size() > pageSize;
        List<JobExecution> shown = more ? page.subList(0, pageSize) : page;
        String next = more ? String.valueOf(shown.get(shown.size() - 1).getExecutionId()) : null;
        return new Page<>(shown.stream().map(e -> BatchExecution.of(e, operator)).toList(), next);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One batch execution with its steps (admin)")
    public BatchExecution get(@PathParam("id") String id) {
        return BatchExecution.of(find(id), operator);
    }

    /**
     * Starts one of {@link #STARTABLE}: {@code {"job_name": "pending-uploads"}}, or
     * {@code {"job_name": "retention-sweep", "max_delete": 1000}} (default
     * {@code custodian.retention.max-delete}).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start one of the service's jobs by hand (admin)")
    public Response start(JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations, Set.of("job_name", "max_delete"));
        String name = json.string("job_name");
        Long maxDelete = json.integer("max_delete");
        if (name == null || !STARTABLE.contains(name)) {
            violations.add("job_name", "must be one of " + STARTABLE);
        }
        if (maxDelete != null && (maxDelete < 1 || !RetentionSweepStarter.JOB.equals(name))) {
            violations.add("max_delete", "is at least 1, and only for " + RetentionSweepStarter.JOB);
        }
        violations.throwIfAny();
        long id = RetentionSweepStarter.JOB.equals(name)
                ? sweepStarter.start(caller.getUserPrincipal().getName(),
                        maxDelete == null ? retention.sweepMaxDelete() : maxDelete)
                : jobs.start(name, new Properties());
        return Response.status(Response.Status.ACCEPTED).entity(BatchExecution.of(operator.getJobExecution(id), operator))
                .build();
    }

    @POST
    @Path("{id}/stop")
    @Operation(summary = "Stop a running execution (admin)")
    public Response stop(@PathParam("id") String id) {
        JobExecution execution = find(id);
        try {
            operator.stop(execution.getExecutionId());
        } catch (JobExecutionNotRunningException e) {
            throw new WebApplicationException("execution " + id + " is not running", 409);
        }
        return Response.status(Response.Status.ACCEPTED)
                .entity(BatchExecution.of(operator.getJobExecution(execution.getExecutionId()), operator)).build();
    }

    @POST
    @Path("{id}/restart")
    @Operation(summary = "Restart a stopped or failed execution with its job parameters (admin)")
    public Response restart(@PathParam("id") String id) {
        JobExecution execution = find(id);
        long restarted;
        try {
            restarted = jobs.restart(execution.getExecutionId());
        } catch (JobRestartException | JobExecutionAlreadyCompleteException | JobExecutionNotMostRecentException
                 | NoSuchJobException e) {
            throw new WebApplicationException("execution " + id + " cannot be restarted: " + e.getMessage(), 409);
        }
        return Response.status(Response.Status.ACCEPTED).entity(BatchExecution.of(operator.getJobExecution(restarted),
                operator)).build();
    }

    private JobExecution find(String id) {
        try {
            return operator.getJobExecution(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw new ValidationException("id", "must be a number");
        } catch (NoSuchJobExecutionException e) {
            throw new NotFoundException("no batch execution " + id);
        }
    }

    private static long parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new ValidationException("cursor", "is not a cursor this service returned");
        }
    }
}
