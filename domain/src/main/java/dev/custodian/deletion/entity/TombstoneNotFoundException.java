package dev.custodian.deletion.entity;

import java.util.UUID;

/** No tombstone with this id (never there, or lifted already). */
public class TombstoneNotFoundException extends DeletionException {

    public TombstoneNotFoundException(UUID tombstoneId) {
        super(null, "no tombstone " + tombstoneId);
    }
}
