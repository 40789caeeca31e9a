package dev.custodian.diagnostics.control;

import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.DeleteOutcome;
import dev.custodian.objectstore.entity.ObjectInfo;
import dev.custodian.objectstore.entity.Payload;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketProbeRunTest {

    /** An in-memory store of the four calls the probe makes; {@code failing} names the call that throws. */
    private static ObjectStore store(Map<String, byte[]> objects, String failing, boolean keepOnDelete) {
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals(failing)) {
                        throw new IllegalStateException(failing + " refused");
                    }
                    return switch (method.getName()) {
                        case "list" -> Stream.<ObjectInfo>empty();
                        case "put" -> {
                            byte[] bytes = ((Payload.InMemory) args[1]).bytes();
                            objects.put((String) args[0], bytes);
                            yield new ObjectInfo((String) args[0], bytes.length, "e", Instant.now(), null, null);
                        }
                        case "get" -> new ByteArrayInputStream(objects.get((String) args[0]));
                        case "delete" -> {
                            String key = ((List<?>) args[0]).get(0).toString();
                            if (keepOnDelete) {
                                yield List.of(DeleteOutcome.failed(key, "AccessDenied", "no", false));
                            }
                            objects.remove(key);
                            yield List.of(DeleteOutcome.deleted(key));
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    private static List<String> outcomes(BucketProbeRun run) {
        return run.steps().stream().map(s -> s.name() + ":" + s.outcome()).toList();
    }

    @Test
    void aHealthyStoreGoesThroughEveryStepAndKeepsNothing() {
        Map<String, byte[]> objects = new HashMap<>();
        BucketProbeRun run = new BucketProbeRun("i1");
        run.run(store(objects, null, false));
        assertThat(outcomes(run)).containsExactly("list:ok", "write:ok", "read:ok", "delete:ok");
        assertThat(run.key()).startsWith("_custodian/diagnostics/i1/");
        assertThat(run.steps()).allSatisfy(s -> assertThat(s.latencyMs()).isNotNegative());
        assertThat(objects).isEmpty();
    }

    @Test
    void aFailedWriteSkipsTheReadButStillDeletes() {
        BucketProbeRun run = new BucketProbeRun("i1");
        assertThatThrownBy(() -> run.run(store(new HashMap<>(), "put", false))).hasMessageContaining("write");
        assertThat(outcomes(run)).containsExactly("list:ok", "write:failed", "read:not reached", "delete:ok");
        assertThat(run.steps().get(1).error()).isEqualTo("put refused");
    }

    @Test
    void aDeleteTheStoreRefusedIsAFailureWithItsCode() {
        BucketProbeRun run = new BucketProbeRun("i1");
        assertThatThrownBy(() -> run.run(store(new HashMap<>(), null, true))).hasMessageContaining("delete");
        assertThat(run.steps().get(3).outcome()).isEqualTo("failed");
        assertThat(run.steps().get(3).error()).contains("AccessDenied");
    }

    @Test
    void stepsNotYetReachedSaySo() {
        assertThat(outcomes(new BucketProbeRun("i1")))
                .containsExactly("list:not reached", "write:not reached", "read:not reached", "delete:not reached");
    }
}
