package dev.custodian.audit.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.Page;
import dev.custodian.audit.control.AuditLog;
import dev.custodian.audit.entity.AuditEntry;
import dev.custodian.audit.entity.AuditFilter;
import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/audit}: every destructive action, oldest first. Admin only (no {@code @Allowed}). */
@Tag(name = "Audit")
@Path("v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditLog audit;

    /** One audit event as the API shows it; {@code version_id} when it is about one version of the key. */
    public record AuditRecord(long id, Instant at, String actor, String action, UUID deletionId, UUID runId,
                              String key, String versionId, String outcome, String detail) {

        static AuditRecord of(AuditEntry e) {
            return new AuditRecord(e.id(), e.at(), e.actor(), e.action(), e.deletionId(), e.runId(), e.key(),
                    e.versionId(), e.outcome(), e.detail());
        }
    }

    @GET
    @Operation(summary = "Every destructive action, oldest first (admin)")
    public Page<AuditRecord> list(@QueryParam("deletion_id") String deletionId, @QueryParam("key") String key,
                                  @QueryParam("since") String since, @QueryParam("limit") String limit,
                                  @QueryParam("cursor") String cursor) {
        Violations violations = new Violations();
        UUID deletion = null;
        if (deletionId != null) {
            try {
                deletion = UUID.fromString(deletionId);
            } catch (IllegalArgumentException e) {
                violations.add("deletion_id", "must be a UUID");
            }
        }
        Instant from = null;
        if (since != null) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                violations.add("since", "must be an RFC 3339 UTC time such as 2026-01-31T00:00:00Z");
            }
        }
        long afterId = 0;
        long afterPosition = 0;
        if (cursor != null && !cursor.isEmpty()) {
            // "id.position": after that key of a batch event; a bare "id" (older pages): after the whole event
            try {
                int dot = cursor.indexOf('.');
                afterId = Long.parseLong(dot < 0 ? cursor : cursor.substring(0, dot));
                afterPosition = dot < 0 ? Long.MAX_VALUE : Long.parseLong(cursor.substring(dot + 1));
            } catch (NumberFormatException e) {
                violations.add("cursor", "is not a cursor this service returned");
            }
        }
        int pageSize = 0;
        try {
            pageSize = Cursors.limit(limit);
        } catch (ValidationException e) {
            e.violations().forEach(v -> violations.add(v.field(), v.message()));
        }
        violations.throwIfAny();
        List<AuditEntry> rows = audit.list(new AuditFilter(deletion, key, from), afterId, afterPosition, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<AuditEntry> page = more ? rows.subList(0, pageSize) : rows;
        AuditEntry last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Page<>(page.stream().map(AuditRecord::of).toList(),
                more ? last.id() + "." + last.position() : null);
    }
}
