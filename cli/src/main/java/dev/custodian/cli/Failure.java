package dev.custodian.cli;

/** An error the operator must read: printed as it is, and the command exits with {@link Exit#ERROR}. */
public class Failure extends RuntimeException {

    public Failure(String message) {
        super(message);
    }

    public Failure(String message, Throwable cause) {
        super(message, cause);
    }
}
