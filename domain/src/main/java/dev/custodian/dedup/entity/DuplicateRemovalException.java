package dev.custodian.dedup.entity;

/** A duplicate removal that cannot run as asked: a 409 with its problem type; nothing was changed. */
public class DuplicateRemovalException extends RuntimeException {

    private final String type;

    public DuplicateRemovalException(String type, String message) {
        super(message);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
