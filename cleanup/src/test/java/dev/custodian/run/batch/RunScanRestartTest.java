package dev.custodian.run.batch;

import dev.custodian.inventory.control.Inventories;
import dev.custodian.inventory.entity.Inventory;
import dev.custodian.inventory.entity.ScannedObject;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.run.control.RunFamilies;
import dev.custodian.run.control.RunFamily;
import dev.custodian.run.entity.RunScan;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scan restarted after a kill must go on exactly after the last chunk whose work committed: the
 * job repository may have committed the checkpoint of a chunk whose own transaction (its staging
 * rows, its adopted records, its items) was lost.
 */
class RunScanRestartTest {

    private static final int KEYS = 3500;
    private static final int CHUNK = 1000;

    private final UUID runId = UUID.randomUUID();
    /** The run's row as committed: its scan position. */
    private String committedPosition;
    /** The keys whose chunk committed, in order. */
    private final List<String> written = new ArrayList<>();

    @Test
    void aRestartAfterALostChunkGoesOnAfterTheLastChunkThatCommitted() throws Exception {
        RunScanReader killed = reader();
        killed.open(null);
        List<Object> first = read(killed, CHUNK);
        writer().writeItems(first); // committed
        read(killed, CHUNK); // the second chunk: its checkpoint was written, its work lost
        Serializable checkpoint = killed.checkpointInfo();
        killed.close();

        RunScanReader restarted = reader();
        restarted.open(checkpoint);
        List<Object> chunk;
        while (!(chunk = read(restarted, CHUNK)).isEmpty()) {
            writer().writeItems(chunk);
        }
        restarted.close();

        assertThat(written).as("every key once, in order, the lost chunk's included")
                .containsExactlyElementsOf(keys(0, KEYS));
        assertThat(committedPosition).isEqualTo(key(KEYS - 1));
    }

    private RunScanReader reader() {
        RunScanReader reader = new RunScanReader();
        reader.families = families();
        reader.scans = new Inventories() {
            @Override
            public Stream<ScannedObject> scan(String prefix, Inventory inventory, String after) {
                int from = after == null ? 0 : Integer.parseInt(after.substring(1)) + 1;
                return keys(from, KEYS).stream()
                        .map(key -> new ScannedObject(new ObjectInfo(key, 1, "e", null, null, null), key));
            }
        };
        reader.threads = (ManagedThreadFactory) Proxy.newProxyInstance(ManagedThreadFactory.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class},
                (proxy, method, args) -> Executors.defaultThreadFactory().newThread((Runnable) args[0]));
        reader.job = context(JobContext.class);
        reader.step = context(StepContext.class);
        reader.runId = runId.toString();
        return reader;
    }

    private RunScanWriter writer() {
        RunScanWriter writer = new RunScanWriter() {
            @Override
            protected void write(UUID run, List<ObjectInfo> objects) {
                objects.forEach(object -> written.add(object.key()));
            }
        };
        writer.families = families();
        writer.job = context(JobContext.class);
        writer.runId = runId.toString();
        return writer;
    }

    /** The run's family as the ledger answers it: the scan resumes after the committed position. */
    private RunFamilies families() {
        RunFamily family = (RunFamily) Proxy.newProxyInstance(RunFamily.class.getClassLoader(),
                new Class<?>[] {RunFamily.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "beginScan" -> Optional.of(new RunScan(null, null, committedPosition));
                    case "advanceScan" -> {
                        committedPosition = (String) args[1];
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new RunFamilies() {
            @Override
            public RunFamily require(String job) {
                return family;
            }
        };
    }

    /** A job or step context of which nothing but its job name and "no stop asked" is read. */
    private static <T> T context(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getName().equals("getJobName") ? "maintenance" : null));
    }

    private static List<Object> read(RunScanReader reader, int max) throws Exception {
        List<Object> read = new ArrayList<>();
        Object item;
        while (read.size() < max && (item = reader.readItem()) != null) {
            read.add(item);
        }
        return read;
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(RunScanRestartTest::key).toList();
    }

    private static String key(int i) {
        return String.format("k%05d", i);
    }
}
