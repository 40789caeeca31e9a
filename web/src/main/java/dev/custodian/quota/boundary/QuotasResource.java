package dev.custodian.quota.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.quota.control.Quotas;
import dev.custodian.quota.entity.Quota;
import dev.custodian.quota.entity.QuotaUse;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

/**
 * {@code /api/v1/users/{user_id}/quota}. Apps read a user's quota to show it; only an admin sets
 * or removes one. An upload that would exceed it is refused with 413 (see the upload resources).
 */
@Tag(name = "Quotas")
@Path("v1/users/{user_id}/quota")
@Produces(MediaType.APPLICATION_JSON)
public class QuotasResource {

    private static final Set<String> FIELDS = Set.of("max_bytes");

    @Inject
    Quotas quotas;

    @GET
    @Allowed(Role.APP)
    @Operation(summary = "A user's quota (max_bytes null: none) and the bytes and objects counting against it")
    public QuotaUse get(@PathParam("user_id") String userId) {
        return quotas.use(validUser(userId, new Violations()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed({})
    @Operation(summary = "Set a user's quota {max_bytes} (admin); lowering it below the use deletes nothing")
    public QuotaUse set(@PathParam("user_id") String userId, JsonValue body) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "user_id", userId);
        JsonFields json = new JsonFields(body, violations, FIELDS);
        Long max = json.integer("max_bytes");
        if (max == null && violations.list().stream().noneMatch(v -> v.field().equals("max_bytes"))) {
            violations.add("max_bytes", "is required");
        } else if (max != null && max < 0) {
            violations.add("max_bytes", Quota.MAX_BYTES_RULE);
        }
        violations.throwIfAny();
        quotas.set(new Quota(userId, max));
        return quotas.use(userId);
    }

    @DELETE
    @Allowed({})
    @Operation(summary = "Remove a user's quota (admin); 204 whether or not there was one")
    public Response remove(@PathParam("user_id") String userId) {
        quotas.remove(validUser(userId, new Violations()));
        return Response.noContent().build();
    }

    private static String validUser(String userId, Violations violations) {
        Identifiers.requireId(violations, "user_id", userId);
        violations.throwIfAny();
        return userId;
    }
}
