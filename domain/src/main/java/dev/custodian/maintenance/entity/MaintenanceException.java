package dev.custodian.maintenance.entity;

/** A maintenance request that cannot be served as asked: a 404 or a 409, with the reason. */
public class MaintenanceException extends RuntimeException {

    private final int status;
    private final String type;

    private MaintenanceException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public static MaintenanceException notFound(String message) {
        return new MaintenanceException(404, "not-found", message);
    }

    public static MaintenanceException conflict(String type, String message) {
        return new MaintenanceException(409, type, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
