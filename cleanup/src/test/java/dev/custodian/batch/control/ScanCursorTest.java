package dev.custodian.batch.control;

import dev.custodian.inventory.entity.ScannedObject;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.ObjectStoreException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanCursorTest {

    private final AtomicInteger fetched = new AtomicInteger();
    private final AtomicBoolean listingClosed = new AtomicBoolean();
    private final AtomicReference<Thread> fetcher = new AtomicReference<>();

    /** A lazy listing of {@code count} keys that fails after {@code failAfter} of them (-1: never). */
    private Stream<ScannedObject> listing(int count, int failAfter) {
        return IntStream.range(0, count).mapToObj(i -> {
            if (i == failAfter) {
                throw new ObjectStoreException("list failed: SlowDown", "SlowDown", true, null);
            }
            fetched.incrementAndGet();
            ObjectInfo object = new ObjectInfo(String.format("k%05d", i), 1, "e", null, null, null);
            return new ScannedObject(object, object.key());
        }).onClose(() -> listingClosed.set(true));
    }

    private ScanCursor cursor(int count, int failAfter) {
        return new ScanCursor(() -> listing(count, failAfter), task -> {
            Thread thread = Executors.defaultThreadFactory().newThread(task);
            fetcher.set(thread);
            return thread;
        });
    }

    @Test
    void handsOutEveryKeyInOrderThenNothing() {
        try (ScanCursor cursor = cursor(5000, -1)) {
            List<String> keys = new ArrayList<>();
            for (ScannedObject next = cursor.next(); next != null; next = cursor.next()) {
                keys.add(next.object().key());
                assertThat(next.checkpoint()).as("a restart after it lists on after its key").isEqualTo(next.object().key());
            }
            assertThat(keys).hasSize(5000).isSorted().doesNotHaveDuplicates();
            assertThat(cursor.next()).isNull();
        }
    }

    @Test
    void fetchesAtMostTwoPagesAheadOfTheReader() throws Exception {
        try (ScanCursor cursor = cursor(100_000, -1)) {
            for (int i = 0; i < 10; i++) {
                cursor.next();
            }
            awaitQuiet();
            assertThat(fetched.get()).as("fetched ahead, but boundedly").isGreaterThan(10)
                    .isLessThanOrEqualTo(10 + ScanCursor.AHEAD + 1);
        }
    }

    @Test
    void aFailureOfTheListingIsThrownWhereTheReaderMeetsIt() {
        try (ScanCursor cursor = cursor(100, 42)) {
            for (int i = 0; i < 42; i++) {
                assertThat(cursor.next().object().key()).isEqualTo(String.format("k%05d", i));
            }
            assertThatThrownBy(cursor::next).isInstanceOf(ObjectStoreException.class).hasMessageContaining("SlowDown");
            assertThat(cursor.next()).isNull();
        }
    }

    @Test
    void closingEndsTheFetcherThatWaitsForTheReader() throws Exception {
        ScanCursor cursor = cursor(100_000, -1);
        cursor.next();
        awaitQuiet();
        cursor.close();
        fetcher.get().join(Duration.ofSeconds(5).toMillis());
        assertThat(fetcher.get().isAlive()).isFalse();
        assertThat(listingClosed).isTrue();
    }

    /** Waits until the fetcher stops advancing (it is blocked on the full read-ahead). */
    private void awaitQuiet() throws InterruptedException {
        int seen;
        do {
            seen = fetched.get();
            Thread.sleep(50);
        } while (fetched.get() != seen);
    }
}
