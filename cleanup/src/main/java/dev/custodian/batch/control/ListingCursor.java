package dev.custodian.batch.control;

import dev.custodian.objectstore.entity.ObjectInfo;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The bucket listing as a chunk reader consumes it, resumable after the last key handed out (the
 * reader's checkpoint). A thread of its own fetches up to {@value #AHEAD} keys ahead of the
 * reader, so the store lists the next page while a chunk is written: a run then takes about as
 * long as the listing or as the writing, whichever is longer, instead of both added up. Memory
 * stays flat: the fetcher waits while that many keys are unread. Not thread-safe: one reader's.
 */
public final class ListingCursor implements AutoCloseable {

    /** Two pages of a ListObjectsV2 listing. */
    static final int AHEAD = 2000;
    private static final Object END = new Object();

    private final BlockingQueue<Object> ahead = new ArrayBlockingQueue<>(AHEAD);
    private final Thread fetcher;
    private volatile boolean closed;
    private boolean ended;
    private String lastKey;

    /**
     * Starts fetching the listing that {@code listing} opens, which must list after
     * {@code checkpoint} (null: from the start).
     */
    public ListingCursor(Supplier<Stream<ObjectInfo>> listing, String checkpoint, ThreadFactory threads) {
        this.lastKey = checkpoint;
        this.fetcher = threads.newThread(() -> fetch(listing));
        fetcher.setName("custodian-listing");
        fetcher.start();
    }

    private void fetch(Supplier<Stream<ObjectInfo>> listing) {
        Object last = END;
        try (Stream<ObjectInfo> objects = listing.get()) {
            Iterator<ObjectInfo> iterator = objects.iterator();
            while (!closed && iterator.hasNext()) {
                ahead.put(iterator.next());
            }
        } catch (InterruptedException e) {
            return; // closed while waiting for the reader
        } catch (RuntimeException e) {
            last = e; // the reader throws it where it would have met it
        }
        try {
            ahead.put(last);
        } catch (InterruptedException e) {
            // closed: nobody reads on
        }
    }

    /** The next object, or null at the end of the listing; a failure of the store is thrown here. */
    public ObjectInfo next() {
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = ahead.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the bucket listing", e);
        }
        if (item == END || item instanceof RuntimeException) {
            ended = true;
            if (item instanceof RuntimeException failure) {
                throw failure;
            }
            return null;
        }
        ObjectInfo next = (ObjectInfo) item;
        lastKey = next.key();
        return next;
    }

    /** The last key handed out (not merely fetched): where a restart lists on. */
    public String lastKey() {
        return lastKey;
    }

    @Override
    public void close() {
        closed = true;
        fetcher.interrupt();
    }
}
