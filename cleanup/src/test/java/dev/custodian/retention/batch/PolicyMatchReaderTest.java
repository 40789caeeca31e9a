package dev.custodian.retention.batch;

import dev.custodian.retention.control.RetentionSweeps;
import jakarta.batch.runtime.context.StepContext;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep restarted after a kill must hand out every match still active, whatever its last
 * checkpoint says: the job repository may have committed the checkpoint of a chunk whose own
 * transaction (the queueing) was lost.
 */
class PolicyMatchReaderTest {

    /** The active matches of each policy, as the ledger holds them; a queued one is no longer active. */
    private final Map<String, NavigableSet<UUID>> active = Map.of("a-policy", ids(1, 1200), "b-policy", ids(2001, 2100));

    @Test
    void aRestartAfterALostChunkHandsOutEveryMatchStillActive() throws Exception {
        PolicyMatchReader killed = reader();
        killed.open(null);
        List<UUID> firstChunk = read(killed, 500);
        active.get("a-policy").removeAll(firstChunk); // committed: queued, no longer active
        read(killed, 500); // the second chunk: its checkpoint was written, its queueing lost
        Serializable checkpoint = killed.checkpointInfo();

        PolicyMatchReader restarted = reader();
        restarted.open(checkpoint);
        List<UUID> handedOut = read(restarted, Integer.MAX_VALUE);

        List<UUID> expected = new ArrayList<>(active.get("a-policy"));
        expected.addAll(active.get("b-policy"));
        assertThat(handedOut).as("every match left, once, in policy and id order").containsExactlyElementsOf(expected);
    }

    private PolicyMatchReader reader() {
        PolicyMatchReader reader = new PolicyMatchReader();
        reader.sweeps = new RetentionSweeps() {
            @Override
            public List<String> enabledPolicies() {
                return List.of("a-policy", "b-policy");
            }

            @Override
            public List<UUID> matches(String policy, UUID after, int limit) {
                NavigableSet<UUID> left = after == null ? active.get(policy) : active.get(policy).tailSet(after, false);
                return left.stream().limit(limit).toList();
            }

            @Override
            public boolean quarantines(String policy) {
                return false;
            }
        };
        // nothing but "no cap reached" is asked of the step
        reader.step = (StepContext) Proxy.newProxyInstance(StepContext.class.getClassLoader(),
                new Class<?>[] {StepContext.class}, (proxy, method, args) -> null);
        return reader;
    }

    private static List<UUID> read(PolicyMatchReader reader, int max) throws Exception {
        List<UUID> read = new ArrayList<>();
        Object item;
        while (read.size() < max && (item = reader.readItem()) != null) {
            read.add(((PolicyMatch) item).objectId());
        }
        return read;
    }

    private static NavigableSet<UUID> ids(int from, int to) {
        TreeSet<UUID> ids = new TreeSet<>();
        IntStream.rangeClosed(from, to).forEach(i -> ids.add(new UUID(0, i)));
        return ids;
    }
}
