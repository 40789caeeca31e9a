package dev.custodian.webhook.entity;

/** No webhook of this name. */
public class WebhookNotFoundException extends RuntimeException {

    public WebhookNotFoundException(String name) {
        super("no webhook " + name);
    }
}
