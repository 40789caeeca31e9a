package dev.custodian.usage.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.Page;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.usage.control.UsageReport;
import dev.custodian.usage.entity.DailyUsage;
import dev.custodian.usage.entity.UsageFilter;
import dev.custodian.usage.entity.UsageGroup;
import dev.custodian.usage.entity.UsageRow;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.ValidationException;
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

/** {@code /api/v1/usage}: apps show users their usage, so {@code app} may read it as well as {@code admin}. */
@Tag(name = "Usage")
@Path("v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.APP)
public class UsageResource {

    private static final int DEFAULT_HISTORY_DAYS = 30;

    @Inject
    UsageReport report;

    /** A user's bytes stored at the end of each day, oldest first. */
    public record UsageHistory(String userId, List<DailyUsage> items) {
    }

    @GET
    @Operation(summary = "Objects and bytes of active objects per user, project, file_type or retention_class;"
            + " paged by group", description = "A project belongs to its user: grouped by project, each item is one"
            + " user's project and names the user (user_id); the same project id under two users is two items.")
    public Page<UsageRow> usage(@QueryParam("group_by") String groupBy, @QueryParam("user_id") String userId,
                                @QueryParam("project_id") String projectId, @QueryParam("limit") String limit,
                                @QueryParam("cursor") String cursor) {
        Violations violations = new Violations();
        UsageGroup group = null;
        try {
            group = UsageGroup.fromWireName(groupBy);
        } catch (ValidationException e) {
            e.violations().forEach(v -> violations.add(v.field(), v.message()));
        }
        Identifiers.optionalId(violations, "user_id", userId);
        Identifiers.optionalId(violations, "project_id", projectId);
        int pageSize = 0;
        String after = null;
        try {
            pageSize = Cursors.limit(limit);
            after = Cursors.parseValue(cursor);
        } catch (ValidationException e) {
            e.violations().forEach(v -> violations.add(v.field(), v.message()));
        }
        violations.throwIfAny();
        List<UsageRow> rows = report.groups(group, new UsageFilter(userId, projectId), after, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<UsageRow> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page, more ? Cursors.afterValue(page.get(page.size() - 1).position()) : null);
    }

    @GET
    @Path("history")
    @Operation(summary = "A user's bytes stored at the end of each UTC day (today: now), for the last days"
            + " (1..90, default 30)")
    public UsageHistory history(@QueryParam("user_id") String userId, @QueryParam("days") String days) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "user_id", userId);
        int span = DEFAULT_HISTORY_DAYS;
        if (days != null) {
            try {
                span = Integer.parseInt(days);
            } catch (NumberFormatException e) {
                span = 0;
            }
            if (span < 1 || span > UsageReport.MAX_HISTORY_DAYS) {
                violations.add("days", "must be a whole number between 1 and " + UsageReport.MAX_HISTORY_DAYS);
            }
        }
        violations.throwIfAny();
        return new UsageHistory(userId, report.history(userId, span, UsageReport.today()));
    }
}
