package dev.custodian.ledger.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.JsonConfig;
import dev.custodian.api.JsonFields;
import dev.custodian.dedup.control.DuplicateRemovals;
import dev.custodian.api.Page;
import dev.custodian.ledger.control.KeyHistory;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.ledger.entity.ObjectFilter;
import dev.custodian.ledger.entity.ObjectNotFoundException;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.RetentionClass;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.ledger.entity.UploadStateException;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.upload.control.ObjectUploads;
import dev.custodian.upload.control.UploadSettings;
import dev.custodian.upload.entity.UploadRequest;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import dev.custodian.api.PathIds;
import dev.custodian.api.Reasons;
import dev.custodian.deletion.boundary.DeletionRecord;
import dev.custodian.deletion.boundary.DeletionWorker;
import dev.custodian.deletion.control.DeletionProgress;
import dev.custodian.deletion.control.DeletionRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/v1/objects}: upload through the service, list, read one, fetch its content. */
@Tag(name = "Objects")
@Path("v1/objects")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.APP)
// one instance: built per request, it cost an upload its injections (an EJB reference among them)
@ApplicationScoped
public class ObjectsResource {

    @Inject
    ObjectUploads uploads;

    @Inject
    StoredObjectRepository repository;

    @Inject
    ObjectStore store;

    @Inject
    UploadSettings settings;

    @Inject
    DeletionRequests deletions;

    @Inject
    DeletionProgress progress;

    @Inject
    DeletionWorker worker;

    @Inject
    KeyHistory history;

    @Inject
    DuplicateRemovals removals;

    /**
     * Multipart upload: part {@code file} plus the owner and ledger fields, read as the body
     * streams in ({@link UploadForm}); the file is stored with its exact length.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a file through the service (multipart); 201 with the active record")
    @RequestBody(description = "part file plus the fields user_id, project_id, scene_id, file_type, filename,"
            + " content_type, retention_class, job_id, metadata (a JSON object as text)",
            content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA))
    public Response upload(@QueryParam("on_conflict") String onConflict,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body)
            throws IOException {
        Violations violations = new Violations();
        boolean replace = false;
        if (onConflict != null && !onConflict.equals("fail")) {
            if (onConflict.equals("replace")) {
                replace = true;
            } else {
                violations.add("on_conflict", "must be fail or replace");
            }
        }
        try (UploadForm form = UploadForm.read(contentType, body, settings.maxBytes(), violations,
                (fieldsSoFar, fileName, fileContentType) -> checkBeforeTheFile(fieldsSoFar, fileName, fileContentType))) {
            if (form.file() == null) {
                violations.add("file", "is required");
            }
            Map<String, String> fields = form.fields();
            fields.putIfAbsent("content_type", form.fileContentType());
            var metadata = JsonFields.parseObject(fields.get("metadata"), "metadata", violations);
            UploadRequest request = UploadFields.read(fields::get, metadata, form.fileName(), violations);
            violations.throwIfAny();
            StoredObject stored = uploads.uploadThrough(request, form.file(), replace);
            return Response.status(Response.Status.CREATED).entity(ObjectRecord.of(stored)).build();
        }
    }

    /**
     * A form that sent the owner's fields before the file is checked before the file is stored: a
     * bad id refuses a 5 GiB body without spooling it. A form that sends the file first is checked
     * after it, as a whole.
     */
    private void checkBeforeTheFile(Map<String, String> fieldsSoFar, String fileName, String fileContentType) {
        if (!fieldsSoFar.containsKey("user_id") || !fieldsSoFar.containsKey("file_type")) {
            return;
        }
        Map<String, String> fields = new HashMap<>(fieldsSoFar);
        fields.putIfAbsent("content_type", fileContentType);
        Violations early = new Violations();
        var metadata = JsonFields.parseObject(fields.get("metadata"), "metadata", early);
        UploadRequest request = UploadFields.read(fields::get, metadata, fileName, early);
        early.throwIfAny();
        uploads.requireValid(request);
    }

    @GET
    @Operation(summary = "List object records (default state=active), filtered and paged")
    public Page<ObjectRecord> list(@QueryParam("user_id") String userId, @QueryParam("project_id") String projectId,
                                   @QueryParam("scene_id") String sceneId, @QueryParam("file_type") String fileType,
                                   @QueryParam("state") String state,
                                   @QueryParam("retention_class") String retentionClass,
                                   @QueryParam("job_id") String jobId, @QueryParam("key_prefix") String keyPrefix,
                                   @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Violations violations = new Violations();
        ObjectState stateFilter = ObjectState.ACTIVE;
        if (state != null) {
            try {
                stateFilter = ObjectState.fromWireName(state);
            } catch (IllegalArgumentException e) {
                violations.add("state", e.getMessage());
            }
        }
        RetentionClass retentionFilter = null;
        if (retentionClass != null) {
            try {
                retentionFilter = RetentionClass.fromWireName(retentionClass);
            } catch (IllegalArgumentException e) {
                violations.add("retention_class", e.getMessage());
            }
        }
        int pageSize = 0;
        UUID after = null;
        try {
            pageSize = Cursors.limit(limit);
            after = Cursors.parse(cursor);
        } catch (ValidationException e) {
            e.violations().forEach(v -> violations.add(v.field(), v.message()));
        }
        violations.throwIfAny();
        List<StoredObject> rows = repository.list(new ObjectFilter(userId, projectId, sceneId, fileType, stateFilter,
                retentionFilter, jobId, keyPrefix), after, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<StoredObject> page = more ? rows.subList(0, pageSize) : rows;
        String next = more ? Cursors.after(page.get(page.size() - 1).id()) : null;
        return new Page<>(page.stream().map(ObjectRecord::of).toList(), next);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One object record")
    public ObjectRecord get(@PathParam("id") String id) {
        return ObjectRecord.of(find(id));
    }

    /**
     * The record holding a key, or for a key a migration moved away from, the record under its new
     * key: apps that stored raw keys still reach their files.
     */
    @GET
    @Path("by-key")
    @Operation(summary = "The record holding a key; for a legacy key that was migrated, the record under its new key;"
            + " for a key a duplicate removal deleted, the kept record with duplicate_removed {key, deletion_id}")
    public JsonObject byKey(@QueryParam("key") String key) {
        Violations violations = new Violations();
        Identifiers.requireKeyLength(violations, "key", key);
        violations.throwIfAny();
        Optional<ObjectRecord> held = repository.findLiveByKey(store.bucket(), key)
                .or(() -> history.movedFrom(store.bucket(), key).flatMap(this::notDeleted)).map(ObjectRecord::of);
        if (held.isPresent()) {
            return json(held.get()).build();
        }
        return removals.keptFor(store.bucket(), key).flatMap(removed -> notDeleted(removed.keptId())
                .map(kept -> json(ObjectRecord.of(kept)).add("duplicate_removed", JsonFields.JSON.createObjectBuilder()
                        .add("key", removed.removedKey()).add("deletion_id", removed.deletionId().toString()))
                        .build()))
                .orElseThrow(() -> ObjectNotFoundException.byKey(key));
    }

    private Optional<StoredObject> notDeleted(UUID id) {
        return repository.findById(id).filter(object -> object.state() != ObjectState.DELETED);
    }

    private static JsonObjectBuilder json(ObjectRecord record) {
        try (var reader = JsonFields.JSON.createReader(new StringReader(JsonConfig.API.toJson(record)))) {
            return JsonFields.JSON.createObjectBuilder(reader.readObject());
        }
    }

    /** 307 to a presigned GET URL, or the URL itself as JSON with {@code redirect=false}. */
    @GET
    @Path("{id}/content")
    @Operation(summary = "Read an object's bytes: 307 to a presigned GET URL, or the URL as JSON with redirect=false")
    public Response content(@PathParam("id") String id, @QueryParam("redirect") String redirect) {
        if (redirect != null && !redirect.equals("true") && !redirect.equals("false")) {
            throw new ValidationException("redirect", "must be true or false");
        }
        StoredObject object = find(id);
        if (object.state() != ObjectState.ACTIVE) {
            throw new UploadStateException(object.id(), "object " + object.id() + " is " + object.state().wireName()
                    + ": it has no content to read");
        }
        var presigned = store.presignGet(object.key(), settings.presignTtl(), object.attachmentName());
        if ("false".equals(redirect)) {
            return Response.ok(JsonFields.JSON.createObjectBuilder()
                    .add("url", presigned.url().toString())
                    .add("expires_at", presigned.expiresAt().toString())
                    .build()).build();
        }
        return Response.temporaryRedirect(presigned.url()).build();
    }

    /** 202 with the deletion of this one object (the same deletion again if one is already on it). */
    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete one object; 202 with the deletion (the same deletion when asked again)")
    public Response delete(@PathParam("id") String id, @QueryParam("reason") String reason,
                           @Context SecurityContext caller) {
        UUID objectId = PathIds.parse(id);
        var request = deletions.requestObject(objectId, Reasons.of(reason, "object deleted through the API"),
                caller.getUserPrincipal().getName());
        worker.poke();
        return Response.accepted(DeletionRecord.of(request, progress)).build();
    }

    private StoredObject find(String id) {
        UUID uuid = PathIds.parse(id);
        return repository.findById(uuid).orElseThrow(() -> new ObjectNotFoundException(uuid));
    }
}
