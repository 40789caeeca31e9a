package dev.custodian.quota.entity;

/** The family of quota failures; each names the user it is about. */
public abstract class QuotaException extends RuntimeException {

    private final String userId;

    protected QuotaException(String userId, String message) {
        super(message);
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }
}
