package dev.custodian.webhook.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events a webhook may subscribe to, by their wire names. */
public enum WebhookEventType {
    DELETION_COMPLETED("deletion.completed"),
    DELETION_FAILED("deletion.failed"),
    CLEANUP_COMPLETED("cleanup.completed"),
    MAINTENANCE_COMPLETED("maintenance.completed"),
    QUOTA_EXCEEDED("quota.exceeded"),
    THRESHOLD_CROSSED("storage.threshold_crossed");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> fromWireName(String text) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(text)).findFirst();
    }

    /** Every wire name, for messages that say what is allowed. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(WebhookEventType::wireName).toList();
    }
}
