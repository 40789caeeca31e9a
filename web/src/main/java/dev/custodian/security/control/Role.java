package dev.custodian.security.control;

import java.util.Locale;

/** What a token may do. {@code admin} may do everything; the others only what names them. */
public enum Role {
    /** Upload, read and delete owners: what a web app needs. */
    APP,
    ADMIN,
    /** Only the cron endpoint. */
    CRON;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
