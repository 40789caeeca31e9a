package dev.custodian.outbox.entity;

import dev.custodian.persistence.TextEnums;

/**
 * Where an outbox row (a webhook delivery, a mail) is: {@code pending} until an attempt gets it
 * through ({@code delivered}) or the retries are used up ({@code failed}).
 */
public enum DeliveryState {
    PENDING, DELIVERED, FAILED;

    public String wireName() {
        return TextEnums.wireName(this);
    }
}
