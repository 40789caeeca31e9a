package dev.custodian.webhook.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Posts due deliveries. The claim and each outcome are short transactions of their own; the posts
 * run outside any transaction, all of a batch at once, so a receiver that hangs costs its own
 * time-out and nobody else's. A 2xx answer is a delivery; anything else (another status, a refused
 * connection, a time-out) is a failed attempt, retried after a backoff until the attempts run out.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    static final int BATCH = 32;
    static final String EVENT_HEADER = "X-Custodian-Event";
    static final String EVENT_ID_HEADER = "X-Custodian-Event-Id";
    static final String TIMESTAMP_HEADER = "X-Custodian-Timestamp";

    @Inject
    WebhookOutbox outbox;

    @Inject
    WebhookSettings settings;

    private HttpClient http;

    /** What one post came to. */
    private record Outcome(WebhookOutbox.Due due, Integer status, String error) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    @PostConstruct
    void openClient() {
        http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Posts one batch of due deliveries and records what came of each; returns how many it posted. */
    public int deliverDue() {
        Instant now = Instant.now();
        List<WebhookOutbox.Due> due = outbox.claim(BATCH, now, now.plus(settings.lease()));
        List<CompletableFuture<Outcome>> posts = new ArrayList<>();
        due.forEach(delivery -> posts.add(post(delivery)));
        for (CompletableFuture<Outcome> post : posts) {
            Outcome outcome = post.join();
            Instant retryAt = outbox.record(outcome.due(), outcome.delivered(), outcome.status(), outcome.error(),
                    settings.backoff());
            if (!outcome.delivered()) {
                LOG.fine(() -> outcome.due() + ": attempt " + outcome.due().attempts() + " failed: " + outcome.error()
                        + (retryAt == null ? "; giving up" : "; again at " + retryAt));
            }
        }
        return due.size();
    }

    /** Removes settled deliveries older than the configured history. */
    public int prune() {
        return outbox.prune(Instant.now().minus(settings.keepDeliveries()));
    }

    private CompletableFuture<Outcome> post(WebhookOutbox.Due due) {
        byte[] body = due.body().getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request;
        try {
            URI url = URI.create(due.url());
            // resolved again now: the name may point elsewhere than when the webhook was registered
            var refusal = WebhookDestinations.refusal(url.getHost(), settings.allowPrivateNetwork());
            if (refusal.isPresent()) {
                return CompletableFuture.completedFuture(new Outcome(due, null, "not sent: " + refusal.get()));
            }
            request = HttpRequest.newBuilder(url).timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Custodian-Webhooks/1")
                    .header(EVENT_HEADER, due.type())
                    .header(EVENT_ID_HEADER, due.eventId().toString())
                    .header(TIMESTAMP_HEADER, timestamp)
                    .header(WebhookSignature.HEADER, WebhookSignature.of(due.secret(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(due, null, "the url cannot be posted to: "
                    + e.getMessage()));
        }
        // the request timeout ends the wait for the headers only; a receiver that then trickles
        // its body would hold this worker for good, so the whole exchange has a limit of its own
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(settings.connectTimeout().plus(settings.requestTimeout()).toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(response -> new Outcome(due, response.statusCode(),
                        response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode()))
                .exceptionally(failure -> new Outcome(due, null, describe(failure)));
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
