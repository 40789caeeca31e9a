package dev.custodian.deletion.control;

import dev.custodian.deletion.entity.QuarantineCopy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a deletion needs of the quarantine, which owns its rows (maintenance implements it, so
 * deletion does not depend on maintenance): an owner's files moved aside are the owner's too.
 */
public interface QuarantinedCopies {

    /**
     * The copies of files whose original key starts with the prefix, while they are held; with
     * {@code purgedBy}, those that deletion purged.
     */
    List<QuarantineCopy> under(String prefix, UUID purgedBy);

    /**
     * Deletes the copies with the owner: their keys join the deletion and the copies are marked
     * purged by it, in one transaction. Returns how many.
     */
    int purgeWith(UUID deletionId, String bucket, List<QuarantineCopy> copies, Instant now);
}
