package dev.custodian.webhook.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.JsonFields;
import dev.custodian.api.Page;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.validation.Violations;
import dev.custodian.webhook.control.WebhookOutbox;
import dev.custodian.webhook.control.Webhooks;
import dev.custodian.webhook.entity.Webhook;
import dev.custodian.webhook.entity.WebhookDelivery;
import dev.custodian.webhook.entity.WebhookSubscription;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/webhooks}: admin only. The secret is write-only: stored for signing, shown only as
 * {@code "set"}.
 */
@Tag(name = "Webhooks")
@Path("v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({})
public class WebhooksResource {

    private static final Set<String> FIELDS = Set.of("name", "url", "events", "secret");

    @Inject
    Webhooks webhooks;

    @Inject
    WebhookOutbox outbox;

    /** A webhook as the API shows it; every stored webhook has a secret. */
    public record WebhookRecord(String name, String url, List<String> events, String secret, Instant createdAt,
                                Instant updatedAt) {

        static WebhookRecord of(Webhook webhook) {
            return new WebhookRecord(webhook.name(), webhook.url(), webhook.events(), "set", webhook.createdAt(),
                    webhook.updatedAt());
        }
    }

    /** One delivery as the API shows it. */
    public record DeliveryRecord(UUID eventId, String type, String state, int attempts, Integer lastStatus,
                                 String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {

        static DeliveryRecord of(WebhookDelivery d) {
            return new DeliveryRecord(d.eventId(), d.eventType(), d.state(), d.attempts(), d.lastStatus(),
                    d.lastError(), d.createdAt(), d.nextAttemptAt(), d.deliveredAt());
        }
    }

    @GET
    @Operation(summary = "List webhooks, secrets shown only as set (admin)")
    public Page<WebhookRecord> list() {
        return new Page<>(webhooks.all().stream().map(WebhookRecord::of).toList(), null);
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One webhook, its secret shown only as set (admin)")
    public WebhookRecord get(@PathParam("name") String name) {
        return WebhookRecord.of(webhooks.require(name));
    }

    /** Creates or replaces the webhook: 201 when new, 200 when replaced. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create (201) or replace (200) a webhook: url, events, secret (admin)")
    public Response put(@PathParam("name") String name, JsonValue body, @Context SecurityContext caller) {
        Violations violations = new Violations();
        JsonFields json = new JsonFields(body, violations, FIELDS);
        json.sameAsPath("name", name);
        WebhookSubscription subscription = new WebhookSubscription(json.string("url"), json.strings("events"),
                json.string("secret"));
        Webhooks.validate(name, subscription).list().forEach(v -> violations.add(v.field(), v.message()));
        violations.throwIfAny();
        Webhooks.Saved saved = webhooks.put(name, subscription, caller.getUserPrincipal().getName());
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(WebhookRecord.of(saved.webhook())).build();
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a webhook and its deliveries, pending ones included (admin)")
    public Response delete(@PathParam("name") String name, @Context SecurityContext caller) {
        webhooks.delete(name, caller.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    @GET
    @Path("{name}/deliveries")
    @Operation(summary = "A webhook's deliveries, newest first, paged (admin)")
    public Page<DeliveryRecord> deliveries(@PathParam("name") String name, @QueryParam("limit") String limit,
                                           @QueryParam("cursor") String cursor) {
        int pageSize = Cursors.limit(limit);
        long before = Cursors.parseNumber(cursor);
        webhooks.require(name);
        return Page.of(outbox.list(name, before, pageSize + 1), pageSize, DeliveryRecord::of,
                last -> Cursors.after(last.id()));
    }
}
