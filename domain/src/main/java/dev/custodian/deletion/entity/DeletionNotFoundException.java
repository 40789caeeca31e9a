package dev.custodian.deletion.entity;

import java.util.UUID;

/** No deletion with this id. */
public class DeletionNotFoundException extends DeletionException {

    public DeletionNotFoundException(UUID id) {
        super(id, "no deletion " + id);
    }
}
