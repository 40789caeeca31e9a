package dev.custodian.retention.entity;

/** No retention policy of this name. */
public class PolicyNotFoundException extends RuntimeException {

    public PolicyNotFoundException(String name) {
        super("no retention policy " + name);
    }
}
