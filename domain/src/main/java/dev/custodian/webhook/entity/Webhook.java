package dev.custodian.webhook.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/**
 * A receiver of events. Created and replaced whole by PUT; deleting it drops its deliveries, pending
 * ones included. Invariants (checked by {@code Webhooks.validate} before any change): an absolute
 * http(s) url with a host, at least one known event, a secret of at least 16 characters. The secret
 * is kept as given because signing needs it; nothing but the signer ever reads it.
 */
@Entity
@Table(name = "webhook")
public class Webhook {

    @Id
    private String name;

    @Column(nullable = false)
    private String url;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private List<String> events;

    @Column(nullable = false)
    private String secret;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Webhook() {
        // for JPA
    }

    public Webhook(String name, WebhookSubscription subscription, Instant now) {
        this.name = name;
        this.createdAt = now;
        apply(subscription, now);
    }

    /** Replaces url, events and secret (PUT semantics). */
    public void apply(WebhookSubscription subscription, Instant now) {
        this.url = subscription.url();
        this.events = List.copyOf(subscription.events());
        this.secret = subscription.secret();
        this.updatedAt = now;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public List<String> events() {
        return events;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
