package dev.custodian.webhook.control;

import dev.custodian.configuration.DurationSetting;
import dev.custodian.outbox.control.OutboxBackoff;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Tuning of webhook delivery; each key is declared here once, with its default. */
@ApplicationScoped
public class WebhookSettings {

    private static final String PREFIX = "custodian.webhooks";
    static final String MAX_ATTEMPTS = PREFIX + ".max-attempts";
    static final String BACKOFF_BASE = PREFIX + ".backoff-base";
    static final String BACKOFF_MAX = PREFIX + ".backoff-max";
    static final String CONNECT_TIMEOUT = "custodian.webhooks.connect-timeout";
    static final String REQUEST_TIMEOUT = "custodian.webhooks.request-timeout";
    static final String KEEP_DELIVERIES = "custodian.webhooks.keep-deliveries";
    static final String ALLOW_PRIVATE_NETWORK = "custodian.webhooks.allow-private-network";

    @Inject
    @ConfigProperty(name = MAX_ATTEMPTS, defaultValue = "10")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = BACKOFF_BASE, defaultValue = "PT5S")
    String backoffBaseText;

    @Inject
    @ConfigProperty(name = BACKOFF_MAX, defaultValue = "PT10M")
    String backoffMaxText;

    @Inject
    @ConfigProperty(name = CONNECT_TIMEOUT, defaultValue = "PT5S")
    String connectTimeoutText;

    @Inject
    @ConfigProperty(name = REQUEST_TIMEOUT, defaultValue = "PT10S")
    String requestTimeoutText;

    /** How long delivered and failed deliveries stay listed before they are pruned. */
    @Inject
    @ConfigProperty(name = KEEP_DELIVERIES, defaultValue = "P30D")
    String keepDeliveriesText;

    /** Whether deliveries may go to loopback, link-local and private addresses (see WebhookDestinations). */
    @Inject
    @ConfigProperty(name = ALLOW_PRIVATE_NETWORK, defaultValue = "false")
    boolean allowPrivateNetwork;

    private OutboxBackoff backoff;
    private Duration connectTimeout;
    private Duration requestTimeout;
    private Duration keepDeliveries;

    @PostConstruct
    void check() {
        backoff = OutboxBackoff.configured(PREFIX, maxAttempts, backoffBaseText, backoffMaxText);
        connectTimeout = DurationSetting.positive(CONNECT_TIMEOUT, connectTimeoutText);
        requestTimeout = DurationSetting.positive(REQUEST_TIMEOUT, requestTimeoutText);
        keepDeliveries = DurationSetting.positive(KEEP_DELIVERIES, keepDeliveriesText);
    }

    public boolean allowPrivateNetwork() {
        return allowPrivateNetwork;
    }

    public OutboxBackoff backoff() {
        return backoff;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a receiver has to answer once the request is sent. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * How long a claimed delivery belongs to one worker: twice the longest exchange, so a slow
     * receiver is never posted to by a second worker while the first still waits for it.
     */
    public Duration lease() {
        return connectTimeout.plus(requestTimeout).multipliedBy(2);
    }

    public Duration keepDeliveries() {
        return keepDeliveries;
    }
}
