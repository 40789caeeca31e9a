package dev.custodian.webhook.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;
import dev.custodian.webhook.entity.Webhook;
import dev.custodian.webhook.entity.WebhookEventType;
import dev.custodian.webhook.entity.WebhookNotFoundException;
import dev.custodian.webhook.entity.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The webhooks: validated, stored, replaced and removed, each change audited (never with its secret). */
@ApplicationScoped
@Transactional
public class Webhooks {

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 512;
    static final int MAX_URL = 2048;

    @PersistenceContext(unitName = "custodian")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    WebhookSettings settings;

    /** A stored webhook and whether this call created it. */
    public record Saved(Webhook webhook, boolean created) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Webhook> all() {
        return em.createQuery("select w from Webhook w order by w.name", Webhook.class).getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Webhook> find(String name) {
        return Optional.ofNullable(em.find(Webhook.class, name));
    }

    public Webhook require(String name) {
        return find(name).orElseThrow(() -> new WebhookNotFoundException(name));
    }

    /** Creates or replaces the webhook; events that happened before are not sent to it. */
    public Saved put(String name, WebhookSubscription subscription, String actor) {
        Violations violations = validate(name, subscription);
        if (violations.isEmpty()) {
            WebhookDestinations.refusal(URI.create(subscription.url()).getHost(), settings.allowPrivateNetwork())
                    .ifPresent(refusal -> violations.add("url", refusal));
        }
        violations.throwIfAny();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Webhook webhook = em.find(Webhook.class, name);
        boolean created = webhook == null;
        if (created) {
            webhook = new Webhook(name, subscription, now);
            em.persist(webhook);
        } else {
            webhook.apply(subscription, now);
        }
        audit.record(actor, "put_webhook", null, null, null, "saved", name + ": " + subscription);
        return new Saved(webhook, created);
    }

    /** Removes the webhook and its deliveries, the pending ones too. */
    public void delete(String name, String actor) {
        em.remove(require(name));
        audit.record(actor, "delete_webhook", null, null, null, "deleted", name);
    }

    /** Every rule a webhook must obey; all violations at once. */
    public static Violations validate(String name, WebhookSubscription subscription) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, "name", name);
        checkUrl(violations, subscription.url());
        List<String> events = subscription.events();
        if (events == null || events.isEmpty()) {
            violations.add("events", "must list at least one of " + String.join(", ", WebhookEventType.wireNames()));
        } else {
            events.stream().filter(e -> WebhookEventType.fromWireName(e).isEmpty()).findFirst().ifPresent(unknown ->
                    violations.add("events", "has unknown event '" + unknown + "'; known are "
                            + String.join(", ", WebhookEventType.wireNames())));
        }
        String secret = subscription.secret();
        if (secret == null) {
            violations.add("secret", "is required");
        } else if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            violations.add("secret", "must be " + MIN_SECRET + "-" + MAX_SECRET + " characters");
        }
        return violations;
    }

    private static void checkUrl(Violations violations, String url) {
        if (url == null) {
            violations.add("url", "is required");
            return;
        }
        String problem = null;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (url.length() > MAX_URL) {
                problem = "must be at most " + MAX_URL + " characters";
            } else if (!scheme.equals("http") && !scheme.equals("https")) {
                problem = "must be an http or https URL";
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problem = "must name a host";
            } else if (uri.getRawFragment() != null) {
                problem = "must not have a fragment";
            } else if (uri.getRawUserInfo() != null) {
                // it would be shown and audited with the URL; the secret signs every delivery instead
                problem = "must not carry credentials";
            }
        } catch (URISyntaxException e) {
            problem = "is not a valid URL";
        }
        if (problem != null) {
            violations.add("url", problem);
        }
    }
}
