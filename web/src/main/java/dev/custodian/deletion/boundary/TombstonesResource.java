package dev.custodian.deletion.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.Page;
import dev.custodian.api.PathIds;
import dev.custodian.deletion.control.Tombstones;
import dev.custodian.deletion.entity.Tombstone;
import dev.custodian.keys.entity.OwnerType;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.validation.ValidationException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/admin/tombstones} (admin only): the deleted owners that block uploads, and lifting
 * one so that the owner may store again. A scene's {@code owner_id} is {@code project/scene}.
 */
@Tag(name = "Owners")
@Path("v1/admin/tombstones")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class TombstonesResource {

    @Inject
    Tombstones tombstones;

    /** A tombstone as the API shows it. */
    public record TombstoneRecord(UUID id, String ownerType, String userId, String projectId, String sceneId,
                                  UUID deletionId, Instant deletedAt) {

        static TombstoneRecord of(Tombstone t) {
            return new TombstoneRecord(t.id(), t.ownerType().name().toLowerCase(Locale.ROOT), t.userId(),
                    t.projectId(), t.sceneId(), t.deletionId(), t.deletedAt());
        }
    }

    @GET
    @Operation(summary = "List tombstones (deleted owners that block uploads), by owner type and id (admin)")
    public Page<TombstoneRecord> list(@QueryParam("owner_type") String ownerType, @QueryParam("owner_id") String ownerId,
                                      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int pageSize = Cursors.limit(limit);
        return Page.of(tombstones.list(ownerType(ownerType), ownerId, Cursors.parse(cursor), pageSize + 1), pageSize,
                TombstoneRecord::of, t -> Cursors.after(t.id()));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Lift a tombstone so that its owner may store again; audited (admin)")
    public TombstoneRecord lift(@PathParam("id") String id, @Context SecurityContext caller) {
        return TombstoneRecord.of(tombstones.lift(PathIds.parse(id), caller.getUserPrincipal().getName()));
    }

    private static OwnerType ownerType(String text) {
        if (text == null) {
            return null;
        }
        return Arrays.stream(OwnerType.values()).filter(t -> t.name().toLowerCase(Locale.ROOT).equals(text))
                .findFirst().orElseThrow(() -> new ValidationException("owner_type", "must be one of "
                        + Arrays.stream(OwnerType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))));
    }
}
