package dev.custodian.blackbox;

import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Many tracked objects at once: bytes written straight into S3Proxy's folder and rows straight
 * into the ledger. Seeding, not testing; the API would take minutes for tens of thousands.
 */
final class LedgerSeed {

    private LedgerSeed() {
    }

    /** {@code count} one-byte objects {@code users/<user>/projects/<project>/output/clip-<i>.mp4}. */
    static void trackedProject(String user, String project, int count, String retentionClass, Instant createdAt)
            throws Exception {
        seed(user, project, null, "users/" + user + "/projects/" + project + "/output/", count, retentionClass,
                createdAt, i -> new byte[] {1});
    }

    /**
     * {@code count} objects of scene s1 at the legacy keys
     * {@code projects/proj_<project>/scenes/s1/output/clip-<i>.mp4}, each holding {@link #clipBytes}, their records
     * naming the user.
     */
    static void legacyProject(String user, String project, int count) throws Exception {
        seed(user, project, "s1", "projects/proj_" + project + "/scenes/s1/output/", count, "standard", Instant.now(),
                LedgerSeed::clipBytes);
    }

    static byte[] clipBytes(int i) {
        return ("clip " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void seed(String user, String project, String scene, String prefix, int count,
                             String retentionClass, Instant createdAt, IntFunction<byte[]> bytes) throws Exception {
        Path folder = S3ProxyServer.shared().bucketDirectory().resolve(prefix);
        Files.createDirectories(folder);
        try (Connection db = PostgresDatabase.shared().connect();
             var insert = db.prepareStatement("insert into stored_object (id, bucket, object_key, user_id, project_id,"
                     + " scene_id, file_type, filename, size_bytes, retention_class, metadata, state, created_at,"
                     + " updated_at) values (?, ?, ?, ?, ?, ?, 'output', ?, ?, ?, '{}', 'active', ?, ?)")) {
            Timestamp created = Timestamp.from(createdAt);
            for (int i = 0; i < count; i++) {
                String filename = "clip-" + i + ".mp4";
                byte[] content = bytes.apply(i);
                Files.write(folder.resolve(filename), content);
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, S3ProxyServer.BUCKET);
                insert.setString(3, prefix + filename);
                insert.setString(4, user);
                insert.setString(5, project);
                insert.setString(6, scene);
                insert.setString(7, filename);
                insert.setLong(8, content.length);
                insert.setString(9, retentionClass);
                insert.setTimestamp(10, created);
                insert.setTimestamp(11, created);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * {@code count} active rows {@code users/<user>/projects/<project>/output/row-<i>.mp4} in one
     * statement, and bytes for the first {@code files} of them only: deleting an absent key
     * succeeds, so a deletion of the rest still completes.
     */
    static void trackedRows(String user, String project, int count, int files) throws Exception {
        String prefix = "users/" + user + "/projects/" + project + "/output/";
        Path folder = S3ProxyServer.shared().bucketDirectory().resolve(prefix);
        Files.createDirectories(folder);
        for (int i = 0; i < files; i++) {
            Files.write(folder.resolve("row-" + i + ".mp4"), new byte[] {1});
        }
        update("insert into stored_object (id, bucket, object_key, user_id, project_id, file_type, filename, size_bytes,"
                + " metadata, state, created_at, updated_at) select gen_random_uuid(), ?, ? || 'row-' || i || '.mp4',"
                + " ?, ?, 'output', 'row-' || i || '.mp4', 1, '{}', 'active', now(), now()"
                + " from generate_series(0, ? - 1) i", S3ProxyServer.BUCKET, prefix, user, project, count);
    }

    /**
     * The audit trail with a row per key, as {@code GET /audit} reads it: a batch event's keys each
     * on a row of their own (columns id, action, deletion_id, run_id, object_key, outcome, detail).
     */
    static final String AUDIT_KEYS = "(select e.id, e.action, e.deletion_id, e.run_id, k.object_key, e.outcome,"
            + " e.detail from audit_event e cross join lateral unnest(case when e.object_keys is null"
            + " then array[e.object_key] else e.object_keys end) k(object_key)) audit_key";

    /** One number from the ledger database. */
    static long count(String sql, Object... parameters) throws Exception {
        return numbers(sql, parameters).get(0);
    }

    /** The first column of every row, in order; a null is 0. */
    static List<Long> numbers(String sql, Object... parameters) throws Exception {
        try (Connection db = PostgresDatabase.shared().connect(); var query = prepare(db, sql, parameters);
             var result = query.executeQuery()) {
            List<Long> numbers = new ArrayList<>();
            while (result.next()) {
                numbers.add(result.getLong(1));
            }
            return numbers;
        }
    }

    /** Runs an update or delete; returns the rows it changed. */
    static int update(String sql, Object... parameters) throws Exception {
        try (Connection db = PostgresDatabase.shared().connect(); var statement = prepare(db, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection db, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
