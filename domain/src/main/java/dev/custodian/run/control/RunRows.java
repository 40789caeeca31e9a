package dev.custodian.run.control;

import dev.custodian.inventory.entity.Inventory;
import dev.custodian.persistence.LedgerSql;
import dev.custodian.run.entity.RunState;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.custodian.persistence.TextEnums.quoted;

/** Columns every run table has ({@code id}, {@code state}, {@code execution_id}, the times, the inventory), read the same way. */
public final class RunRows {

    private RunRows() {
    }

    /** The inventory a run's row names ({@code inventory_manifest}, {@code inventory_created_at}), null for a listing. */
    public static Inventory inventory(ResultSet r) throws SQLException {
        String manifest = r.getString("inventory_manifest");
        return manifest == null ? null : new Inventory(manifest, instant(r, "inventory_created_at"));
    }

    public static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp at = rows.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    /** Where the run's scan has got to ({@link RunFamily#advanceScan}), null before its first chunk. */
    public static String scanPosition(LedgerSql sql, String table, UUID id) {
        return sql.query("SELECT scan_position FROM " + table + " WHERE id = ?", s -> s.setObject(1, id),
                rows -> rows.next() ? rows.getString(1) : null);
    }

    /** The {@link RunFamily#advanceScan} of a run table. */
    public static void advanceScan(LedgerSql sql, String table, UUID id, String position) {
        sql.update("UPDATE " + table + " SET scan_position = ? WHERE id = ?", s -> {
            s.setString(1, position);
            s.setObject(2, id);
        });
    }

    /** The {@link RunFamily#queuedWithoutJob} of a run table. */
    public static List<UUID> queuedWithoutJob(LedgerSql sql, String table, Instant before) {
        return sql.query("SELECT id FROM " + table + " WHERE state = " + quoted(RunState.QUEUED)
                + " AND execution_id IS NULL AND created_at < ?", s -> s.setTimestamp(1, Timestamp.from(before)),
                rows -> {
                    List<UUID> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                    return ids;
                });
    }
}
