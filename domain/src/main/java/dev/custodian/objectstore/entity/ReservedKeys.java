package dev.custodian.objectstore.entity;

/**
 * Keys under {@link #PREFIX} belong to the service itself (the diagnostics probe's objects), not
 * to any owner: maintenance never reports them as orphans, and nothing may adopt them into the
 * ledger. The one place that names the prefix.
 */
public final class ReservedKeys {

    public static final String PREFIX = "_custodian/";

    /** Where the diagnostics probe writes, reads and deletes: {@code _custodian/diagnostics/<instance>/<uuid>}. */
    public static final String DIAGNOSTICS = PREFIX + "diagnostics/";

    private ReservedKeys() {
    }
}
