package dev.custodian.deletion.control;

import dev.custodian.testing.PostgresDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V26 gives tombstones their user: every tombstone written before stays, and a project's or scene's
 * gains one row for each user whose project its deletion took, so none of them blocks less than
 * it did for the users it was about.
 */
class OwnerTombstoneMigrationIT {

    private static final String D1 = "00000000-0000-0000-0000-000000000001";
    private static final String D2 = "00000000-0000-0000-0000-000000000002";
    private static final String D3 = "00000000-0000-0000-0000-000000000003";
    private static final String D4 = "00000000-0000-0000-0000-000000000004";

    @Test
    void everyOldTombstoneStaysAndGainsTheUsersItsDeletionTook() throws SQLException {
        PostgresDatabase database = PostgresDatabase.fresh();
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            migrate(database, "25");
            sql.execute("insert into deletion_request (id, scope_type, project_id, scene_id, user_id, reason,"
                    + " requested_by, state, sweep_state, created_at) values"
                    + " ('" + D1 + "', 'project', 'p1', null, null, 'r', 'a', 'completed', 'done', now()),"
                    + " ('" + D2 + "', 'project', 'p2', null, 'hinted', 'r', 'a', 'completed', 'done', now()),"
                    + " ('" + D3 + "', 'scene', 'p3', 's1', null, 'r', 'a', 'completed', 'done', now()),"
                    + " ('" + D4 + "', 'user', null, null, 'u9', 'r', 'a', 'completed', 'done', now())");
            sql.execute("insert into stored_object (id, bucket, object_key, state, created_at, updated_at, user_id,"
                    + " project_id, deletion_id) values"
                    + " (gen_random_uuid(), 'b', 'k1', 'deleted', now(), now(), 'A', 'p1', '" + D1 + "'),"
                    + " (gen_random_uuid(), 'b', 'k2', 'deleted', now(), now(), 'B', 'p1', '" + D1 + "'),"
                    + " (gen_random_uuid(), 'b', 'k3', 'deleted', now(), now(), 'A', 'p1', '" + D1 + "'),"
                    + " (gen_random_uuid(), 'b', 'k4', 'deleted', now(), now(), 'C', 'p3', '" + D3 + "'),"
                    + " (gen_random_uuid(), 'b', 'k5', 'active', now(), now(), 'Z', 'p1', null)");
            sql.execute("insert into owner_tombstone (owner_type, owner_id, deletion_id, deleted_at) values"
                    + " ('project', 'p1', '" + D1 + "', now()), ('project', 'p2', '" + D2 + "', now()),"
                    + " ('scene', 'p3/s1', '" + D3 + "', now()), ('user', 'u9', '" + D4 + "', now())");

            migrate(database, "26");

            assertThat(rows(sql, "select owner_type || ' ' || owner_id || ' ' || coalesce(user_id, '-') from owner_tombstone"))
                    .containsExactlyInAnyOrder("project p1 -", "project p1 A", "project p1 B", "project p2 -",
                            "project p2 hinted", "scene p3/s1 -", "scene p3/s1 C", "user u9 u9");
            assertThat(rows(sql, "select distinct deletion_id::text from owner_tombstone where owner_id = 'p1'"))
                    .containsExactly(D1);
            assertThat(rows(sql, "select count(distinct id)::text from owner_tombstone")).containsExactly("8");
            assertThat(rows(sql, "select unattributed::text from deletion_request where id = '" + D1 + "'"))
                    .as("a deletion of before took every row of its id").containsExactly("true");
        } finally {
            database.drop();
        }
    }

    private static void migrate(PostgresDatabase database, String target) {
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), "").locations("classpath:db/migration")
                .target(target).load().migrate();
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> found = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }
}
