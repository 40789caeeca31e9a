package dev.custodian.deletion.control;

import dev.custodian.audit.control.AuditLog;
import dev.custodian.deletion.entity.DeletionInProgressException;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.DeletionState;
import dev.custodian.deletion.entity.Tombstone;
import dev.custodian.deletion.entity.TombstoneNotFoundException;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.keys.entity.OwnerType;
import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The owners that are gone ({@code owner_tombstone}): written by an owner's deletion, matched by
 * every path that would store or adopt bytes for an owner, listed and lifted by an admin.
 * One rule matches them: a user's tombstone takes everything of the user; a project's or scene's
 * takes that user's project or scene, and keys that name no user; one without a user takes only
 * keys that name no user — a project id alone never blocks another user's project.
 */
@ApplicationScoped
@Transactional
public class Tombstones {

    private static final String COLUMNS = "t.id, t.owner_type, t.owner_id, t.user_id, t.deletion_id, t.deleted_at";

    @Inject
    LedgerSql sql;

    @Inject
    AuditLog audit;

    /** Marks the owner as gone; a second deletion of the same owner keeps the first tombstone. */
    public void bury(DeletionScope scope, UUID deletionId, Instant now) {
        sql.update("insert into owner_tombstone (owner_type, owner_id, user_id, deletion_id, deleted_at)"
                + " values (?, ?, ?, ?, ?) on conflict (owner_type, owner_id, coalesce(user_id, '')) do nothing",
                statement -> {
                    statement.setString(1, scope.type().wireName());
                    statement.setString(2, scope.tombstoneId());
                    statement.setString(3, scope.userId());
                    statement.setObject(4, deletionId);
                    statement.setTimestamp(5, Timestamp.from(now));
                });
    }

    /** The deletion that tombstoned an owner of these parts (user, project or scene), if one did. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UUID> of(KeyParts parts) {
        return Optional.ofNullable(matching(List.of(parts)).get(parts));
    }

    /** Of these owners, those a deletion tombstoned, in one query. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<KeyParts> tombstoned(Collection<KeyParts> owners) {
        return owners.isEmpty() ? Set.of() : new HashSet<>(matching(List.copyOf(owners)).keySet());
    }

    /** Whether a tombstone takes the owner in these columns, as an SQL condition (see {@link #takes}). */
    public static String anyTaking(String user, String project, String scene) {
        return "exists (select 1 from owner_tombstone t where " + takes(user, project, scene) + ")";
    }

    /**
     * The rule as an SQL condition on tombstones {@code t}, for the owner in the columns {@code user},
     * {@code project} and {@code scene} of the statement that embeds it.
     */
    public static String takes(String user, String project, String scene) {
        return "((t.owner_type = 'user' and t.owner_id = " + user + ")"
                + " or (t.owner_type = 'project' and t.owner_id = " + project + " and (" + user + " is null or t.user_id = "
                + user + "))"
                + " or (t.owner_type = 'scene' and t.owner_id = " + project + " || '/' || " + scene + " and (" + user
                + " is null or t.user_id = " + user + ")))";
    }

    /** For each of the owners a tombstone takes, the deletion that wrote it. */
    private Map<KeyParts, UUID> matching(List<KeyParts> owners) {
        return sql.query("select o.i, t.deletion_id from unnest(?::text[], ?::text[], ?::text[])"
                + " with ordinality as o(u, p, s, i) cross join lateral (select deletion_id from owner_tombstone t"
                + " where " + takes("o.u", "o.p", "o.s") + " order by t.deleted_at limit 1) t", statement -> {
                    var connection = statement.getConnection();
                    statement.setArray(1, connection.createArrayOf("text", owners.stream().map(KeyParts::userId).toArray()));
                    statement.setArray(2, connection.createArrayOf("text", owners.stream().map(KeyParts::projectId).toArray()));
                    statement.setArray(3, connection.createArrayOf("text", owners.stream().map(KeyParts::sceneId).toArray()));
                }, rows -> {
                    Map<KeyParts, UUID> found = new HashMap<>();
                    while (rows.next()) {
                        found.putIfAbsent(owners.get(rows.getInt(1) - 1), rows.getObject(2, UUID.class));
                    }
                    return found;
                });
    }

    /** Tombstones by id after {@code after} (keyset), of one owner type and id when given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Tombstone> list(OwnerType type, String ownerId, UUID after, int limit) {
        return sql.query("select " + COLUMNS + " from owner_tombstone t where (?::text is null or owner_type = ?)"
                + " and (?::text is null or owner_id = ?) and t.id > ? order by t.id limit ?", statement -> {
                    String typeName = type == null ? null : type.name().toLowerCase(Locale.ROOT);
                    statement.setString(1, typeName);
                    statement.setString(2, typeName);
                    statement.setString(3, ownerId);
                    statement.setString(4, ownerId);
                    statement.setObject(5, after == null ? new UUID(0, 0) : after);
                    statement.setInt(6, limit);
                }, rows -> {
                    List<Tombstone> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(read(rows));
                    }
                    return found;
                });
    }

    /**
     * Lifts a tombstone, so that the owner may store again; audited. Refused while its deletion
     * runs: the deletion would take what the owner stores meanwhile.
     */
    public Tombstone lift(UUID id, String actor) {
        Tombstone tombstone = sql.query("select " + COLUMNS + ", r.state from owner_tombstone t"
                + " join deletion_request r on r.id = t.deletion_id where t.id = ? for update of t",
                statement -> statement.setObject(1, id), rows -> {
                    if (!rows.next()) {
                        throw new TombstoneNotFoundException(id);
                    }
                    Tombstone found = read(rows);
                    if (!DeletionState.fromWireName(rows.getString(7)).isFinished()) {
                        throw new DeletionInProgressException(found.deletionId(), "its owner's tombstone stays until then");
                    }
                    return found;
                });
        sql.update("delete from owner_tombstone where id = ?", statement -> statement.setObject(1, id));
        audit.record(actor, "lift_tombstone", tombstone.deletionId(), null, null, "lifted",
                tombstone.describe() + ": uploads for it are accepted again");
        return tombstone;
    }

    private static Tombstone read(ResultSet rows) throws SQLException {
        OwnerType type = OwnerType.valueOf(rows.getString(2).toUpperCase(Locale.ROOT));
        String ownerId = rows.getString(3);
        int slash = ownerId.indexOf('/');
        return new Tombstone(rows.getObject(1, UUID.class), type, rows.getString(4),
                type == OwnerType.PROJECT ? ownerId : type == OwnerType.SCENE ? ownerId.substring(0, slash) : null,
                type == OwnerType.SCENE ? ownerId.substring(slash + 1) : null,
                rows.getObject(5, UUID.class), rows.getTimestamp(6).toInstant());
    }
}
