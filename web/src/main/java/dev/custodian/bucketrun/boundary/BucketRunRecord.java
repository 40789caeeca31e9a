package dev.custodian.bucketrun.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.bucketrun.entity.BucketRun;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A bucket run on the wire: {@code id}, {@code state}, {@code total}, {@code done} and the run's
 * report fields side by side, then its parameters and times. A dry run reports the same fields with
 * the counts it would act on.
 */
public final class BucketRunRecord {

    private BucketRunRecord() {
    }

    /**
     * @param report the kind's report fields, every one present
     * @param extra  adds the kind's own fields (samples, scope)
     */
    public static JsonObject of(BucketRun run, long total, long done, Map<String, Long> report,
                                Consumer<JsonObjectBuilder> extra) {
        JsonObjectBuilder json = JsonFields.JSON.createObjectBuilder()
                .add("id", run.id().toString())
                .add("kind", run.kind().wireName())
                .add("state", run.state().wireName())
                .add("dry_run", run.dryRun())
                .add("total", total)
                .add("done", done);
        report.forEach(json::add);
        extra.accept(json);
        json.add("max_objects", run.maxObjects()).add("limit_reached", run.limitReached());
        nullable(json, "execution_id", run.executionId());
        nullable(json, "deletion_id", run.deletionId());
        nullable(json, "actor", run.actor());
        nullable(json, "created_at", run.createdAt());
        nullable(json, "started_at", run.startedAt());
        nullable(json, "finished_at", run.finishedAt());
        nullable(json, "error", run.error());
        nullable(json, "inventory_manifest", run.inventory() == null ? null : run.inventory().manifestKey());
        nullable(json, "inventory_created_at", run.inventory() == null ? null : run.inventory().createdAt());
        return json.build();
    }

    /** The counts of a run: frozen in its report once it ended, counted from its items while it runs. */
    public static Map<String, Long> counts(BucketRun run, Map<String, Long> live) {
        return run.report() != null ? run.report() : live;
    }

    public static void nullable(JsonObjectBuilder json, String name, Object value) {
        if (value == null) {
            json.addNull(name);
        } else if (value instanceof Long number) {
            json.add(name, number);
        } else if (value instanceof Instant at) {
            json.add(name, at.toString());
        } else {
            json.add(name, value.toString());
        }
    }
}
