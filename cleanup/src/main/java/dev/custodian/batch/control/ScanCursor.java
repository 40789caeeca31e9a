package dev.custodian.batch.control;

import dev.custodian.inventory.entity.ScannedObject;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A scan of the bucket (its listing, or an inventory report) as a chunk reader consumes it; each
 * object comes with where a scan resumed after it goes on. A thread of its own fetches
 * up to {@value #AHEAD} objects ahead of the reader, so the store lists the next page (or the next
 * report lines are read) while a chunk is written: a run then takes about as long as the scan or as
 * the writing, whichever is longer, instead of both added up. Memory stays flat: the fetcher waits
 * while that many objects are unread. Not thread-safe: one reader's.
 */
public final class ScanCursor implements AutoCloseable {

    /** Two pages of a ListObjectsV2 listing. */
    static final int AHEAD = 2000;
    private static final Object END = new Object();

    private final BlockingQueue<Object> ahead = new ArrayBlockingQueue<>(AHEAD);
    private final Thread fetcher;
    private volatile boolean closed;
    private boolean ended;

    /** Starts fetching the scan that {@code scan} opens. */
    public ScanCursor(Supplier<Stream<ScannedObject>> scan, ThreadFactory threads) {
        this.fetcher = threads.newThread(() -> fetch(scan));
        fetcher.setName("custodian-listing");
        fetcher.start();
    }

    private void fetch(Supplier<Stream<ScannedObject>> scan) {
        Object last = END;
        try (Stream<ScannedObject> objects = scan.get()) {
            Iterator<ScannedObject> iterator = objects.iterator();
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

    /** The next object, or null at the end of the scan; a failure of the store or the report is thrown here. */
    public ScannedObject next() {
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = ahead.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the bucket scan", e);
        }
        if (item == END || item instanceof RuntimeException) {
            ended = true;
            if (item instanceof RuntimeException failure) {
                throw failure;
            }
            return null;
        }
        return (ScannedObject) item;
    }

    @Override
    public void close() {
        closed = true;
        fetcher.interrupt();
    }
}
