package dev.custodian.batch.control;

import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.ObjectInfo;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The bucket listing as a chunk reader consumes it: fetched page by page, so memory stays flat,
 * resumable after the last key handed out (the reader's checkpoint). Not thread-safe: one reader's.
 */
public final class ListingCursor implements AutoCloseable {

    private final Stream<ObjectInfo> listing;
    private final Iterator<ObjectInfo> objects;
    private String lastKey;

    /** Lists under the prefix after {@code checkpoint} (null: from the start). */
    public ListingCursor(ObjectStore store, String prefix, String checkpoint) {
        this.lastKey = checkpoint;
        this.listing = store.list(prefix, checkpoint);
        this.objects = listing.iterator();
    }

    /** The next object, or null at the end of the listing. */
    public ObjectInfo next() {
        if (!objects.hasNext()) {
            return null;
        }
        ObjectInfo next = objects.next();
        lastKey = next.key();
        return next;
    }

    /** The last key handed out: where a restart lists on. */
    public String lastKey() {
        return lastKey;
    }

    @Override
    public void close() {
        listing.close();
    }
}
