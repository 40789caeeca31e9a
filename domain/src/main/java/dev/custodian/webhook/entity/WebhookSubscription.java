package dev.custodian.webhook.entity;

import java.util.List;

/**
 * What a webhook asks for: where to post, which events (wire names), and the secret the bodies are
 * signed with. Its {@code toString} leaves the secret out, so the value can be logged.
 */
public record WebhookSubscription(String url, List<String> events, String secret) {

    @Override
    public String toString() {
        return "url " + url + ", events " + events;
    }
}
