package dev.custodian.mail.entity;

/** A mail's text as it is queued and sent: plain text, UTF-8; sender and recipients come from the settings. */
public record Mail(String subject, String body) {
}
