package dev.custodian.ledger.control;

import dev.custodian.persistence.LedgerSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who owns a project, as far as the ledger knows: the users of its records, live or deleted (a
 * deleted record's proof still says whose project it was). Legacy keys name no user; this is where one
 * comes from.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ProjectOwners {

    @Inject
    LedgerSql sql;

    /** For each of these project ids that has records with a user, those users. */
    public Map<String, Set<String>> usersOf(String bucket, Collection<String> projectIds) {
        if (projectIds.isEmpty()) {
            return Map.of();
        }
        return sql.query("SELECT project_id, user_id FROM stored_object WHERE bucket = ?"
                + " AND project_id = any(?) AND user_id IS NOT NULL UNION SELECT project_id, user_id FROM deleted_object"
                + " WHERE bucket = ? AND project_id = any(?) AND user_id IS NOT NULL", s -> {
            s.setString(1, bucket);
            s.setArray(2, s.getConnection().createArrayOf("text", projectIds.toArray()));
            s.setString(3, bucket);
            s.setArray(4, s.getConnection().createArrayOf("text", projectIds.toArray()));
        }, rows -> {
            Map<String, Set<String>> users = new HashMap<>();
            while (rows.next()) {
                users.computeIfAbsent(rows.getString(1), p -> new TreeSet<>()).add(rows.getString(2));
            }
            return users;
        });
    }
}
