package dev.custodian.pending.batch;

import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.upload.control.PendingUploads;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * Reads expired pending records by keyset. A restarted job reads again from the first and keeps
 * no checkpoint: the job repository commits a checkpoint before the chunk's transaction commits,
 * so after a kill between the two a checkpoint would skip records whose resolution was lost. A
 * resolved record is no longer pending, so reading again costs only the records left.
 */
@Named("expiredPendingReader")
@Dependent
public class ExpiredPendingReader extends AbstractItemReader {

    private static final int PAGE = 500;

    @Inject
    PendingUploads pendingUploads;

    private final Deque<UUID> buffered = new ArrayDeque<>();
    private UUID lastRead;
    private boolean exhausted;

    @Override
    public Object readItem() {
        if (buffered.isEmpty() && !exhausted) {
            var page = pendingUploads.expired(lastRead, PAGE);
            page.stream().map(StoredObject::id).forEach(buffered::add);
            exhausted = page.size() < PAGE;
        }
        UUID next = buffered.poll();
        if (next != null) {
            lastRead = next;
        }
        return next;
    }
}
