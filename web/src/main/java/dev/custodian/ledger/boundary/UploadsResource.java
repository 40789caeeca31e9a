package dev.custodian.ledger.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.upload.control.ObjectUploads;
import dev.custodian.upload.entity.UploadIntent;
import dev.custodian.upload.entity.UploadRequest;
import dev.custodian.validation.Violations;
import dev.custodian.api.PathIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/uploads}: direct uploads. The client announces the object, PUTs the bytes to the
 * presigned URL, then completes; an announcement never completed is settled by the pending-upload
 * resolver after the pending TTL.
 */
@Tag(name = "Uploads")
@Path("v1/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.APP)
// one instance: built per request, it cost an upload its injections (an EJB reference among them)
@ApplicationScoped
public class UploadsResource {

    private static final Set<String> FIELDS;

    static {
        Set<String> names = new HashSet<>(UploadFields.NAMES);
        names.add("size_bytes");
        FIELDS = Set.copyOf(names);
    }

    @Inject
    ObjectUploads uploads;

    /** The announced upload: the pending record and how to deliver its bytes. */
    public record UploadTicket(ObjectRecord object, String uploadUrl, String uploadMethod,
                               Map<String, String> uploadHeaders, Instant expiresAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Announce a direct upload; 201 with the pending record and a presigned PUT")
    public Response announce(JsonValue body) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations, FIELDS);
        Long size = json.integer("size_bytes");
        if (size == null && !violations.list().stream().anyMatch(v -> v.field().equals("size_bytes"))) {
            violations.add("size_bytes", "is required");
        }
        UploadRequest request = UploadFields.read(json::string, json.object("metadata"), null, violations);
        violations.throwIfAny();
        UploadIntent intent = uploads.announce(request, size);
        var upload = intent.upload();
        return Response.status(Response.Status.CREATED).entity(new UploadTicket(ObjectRecord.of(intent.object()),
                upload.url().toString(), upload.method(), upload.headers(), upload.expiresAt())).build();
    }

    @POST
    @Path("{id}/complete")
    @Operation(summary = "Confirm a direct upload: the bytes must be in the store (409 otherwise)")
    public ObjectRecord complete(@PathParam("id") String id) {
        return ObjectRecord.of(uploads.complete(PathIds.parse(id)));
    }
}
