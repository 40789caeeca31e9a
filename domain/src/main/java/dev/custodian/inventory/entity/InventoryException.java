package dev.custodian.inventory.entity;

/**
 * An inventory report that cannot be used, with what is wrong with it: a 422 before a run starts
 * (nothing is changed), the run's error when it is found while the rows stream.
 */
public class InventoryException extends RuntimeException {

    private final String manifestKey;

    public InventoryException(String manifestKey, String problem) {
        super("inventory " + manifestKey + ": " + problem);
        this.manifestKey = manifestKey;
    }

    public InventoryException(String manifestKey, String problem, Throwable cause) {
        super("inventory " + manifestKey + ": " + problem, cause);
        this.manifestKey = manifestKey;
    }

    public String manifestKey() {
        return manifestKey;
    }
}
