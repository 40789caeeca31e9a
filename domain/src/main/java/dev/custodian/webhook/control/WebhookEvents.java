package dev.custodian.webhook.control;

import dev.custodian.webhook.entity.WebhookEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Where every feature announces what happened. {@link #publish} joins the caller's transaction
 * ({@code MANDATORY}): the outbox rows commit with the change they announce or not at all, so no
 * event is sent for a change that rolled back and none is lost for one that committed. Each
 * webhook subscribed at that moment gets a row; one added later never sees the event.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class WebhookEvents {

    /** Fired when a publish found subscribers, so the deliverer can start once the transaction commits. */
    public record Published(UUID eventId, String type) {
    }

    /**
     * Fired for every event, subscribed to or not, inside the publishing transaction, so that what
     * else reports events (the mail summaries) queues its rows with the same commit.
     */
    public record Announced(UUID eventId, String type, JsonObject data) {
    }

    @Inject
    WebhookOutbox outbox;

    @Inject
    Event<Published> published;

    @Inject
    Event<Announced> announced;

    /**
     * Queues the event for every webhook subscribed to {@code type} and returns its id (the
     * {@code id} of the body and {@code X-Custodian-Event-Id}). {@code data} becomes the body's
     * {@code data}; it must not hold secrets, since it leaves the service.
     *
     * @throws IllegalArgumentException for a type that is not one of {@link WebhookEventType}
     */
    public UUID publish(String type, JsonObject data) {
        if (WebhookEventType.fromWireName(type).isEmpty()) {
            throw new IllegalArgumentException("unknown webhook event type " + type);
        }
        UUID eventId = UUID.randomUUID();
        if (outbox.queue(eventId, type, data.toString(), Instant.now().truncatedTo(ChronoUnit.MICROS)) > 0) {
            published.fire(new Published(eventId, type));
        }
        announced.fire(new Announced(eventId, type, data));
        return eventId;
    }

    /** The same, with {@code data} from plain Java values (see {@link WebhookPayload}); null values stay null. */
    public UUID publish(String type, Map<String, ?> data) {
        return publish(type, WebhookPayload.of(data));
    }
}
