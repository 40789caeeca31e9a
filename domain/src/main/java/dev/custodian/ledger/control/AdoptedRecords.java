package dev.custodian.ledger.control;

import dev.custodian.ledger.entity.FoundObject;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static dev.custodian.persistence.TextEnums.quoted;

/**
 * The one place a record is born {@code active} from bytes already in the bucket (the object
 * state machine's "adopt"): a backfill takes a thousand keys a chunk, so it is one batched insert
 * rather than an entity per key. The object's last-modified time is its {@code created_at}.
 */
@ApplicationScoped
@Transactional
public class AdoptedRecords {

    @Inject
    LedgerSql sql;

    /**
     * Inserts an {@code active}, {@code standard} record per object unless a live record holds its
     * key already; returns the keys whose record was inserted. One statement over arrays, so the
     * answer is exact (batched inserts are rewritten by the driver and report no row counts).
     */
    public Set<String> adopt(String bucket, List<FoundObject> found) {
        if (found.isEmpty()) {
            return Set.of();
        }
        Timestamp now = Timestamp.from(Instant.now());
        return sql.query("INSERT INTO stored_object (id, bucket, object_key, user_id, project_id, scene_id, file_type,"
                + " filename, content_type, size_bytes, etag, retention_class, metadata, state, attempts, created_at,"
                + " updated_at) SELECT gen_random_uuid(), ?, k, u, p, sc, ft, fn, ct, sz, et, 'standard', '{}', " + quoted(ObjectState.ACTIVE) + ","
                + " 0, lm, ? FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::bigint[], ?::text[], ?::timestamptz[]) AS t(k, u, p, sc, ft, fn, ct, sz, et, lm)"
                + " ON CONFLICT (bucket, object_key) WHERE state <> " + quoted(ObjectState.DELETED) + " DO NOTHING RETURNING object_key", s -> {
                    s.setString(1, bucket);
                    s.setTimestamp(2, now);
                    var c = s.getConnection();
                    s.setArray(3, c.createArrayOf("text", column(found, FoundObject::key)));
                    s.setArray(4, c.createArrayOf("text", column(found, f -> f.owner().userId())));
                    s.setArray(5, c.createArrayOf("text", column(found, f -> f.owner().projectId())));
                    s.setArray(6, c.createArrayOf("text", column(found, f -> f.owner().sceneId())));
                    s.setArray(7, c.createArrayOf("text", column(found, f -> f.owner().fileType())));
                    s.setArray(8, c.createArrayOf("text", column(found, f -> f.owner().filename())));
                    s.setArray(9, c.createArrayOf("text", column(found, FoundObject::contentType)));
                    s.setArray(10, c.createArrayOf("bigint", column(found, f -> Math.max(0, f.sizeBytes()))));
                    s.setArray(11, c.createArrayOf("text", column(found, FoundObject::etag)));
                    s.setArray(12, c.createArrayOf("timestamptz", column(found,
                            f -> f.lastModified() == null ? now : Timestamp.from(f.lastModified()))));
                }, LedgerSql::stringSet);
    }

    private static Object[] column(List<FoundObject> found, Function<FoundObject, Object> value) {
        return found.stream().map(value).toArray();
    }
}
