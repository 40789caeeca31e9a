package dev.custodian.migration.control;

import dev.custodian.keys.control.KeyLayout;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.migration.entity.MigrationCandidate;
import dev.custodian.validation.ValidationException;

import java.util.Map;
import java.util.Set;

/**
 * Where a record's file belongs: its canonical key is what the key layout builds from the record's
 * own owner fields. A record that already lives there stays; one without a user takes the only user
 * the ledger knows for its project, else it cannot get a canonical key and is skipped, as is one
 * whose fields the canonical layout refuses. Pure logic, no I/O.
 */
public final class MigrationPlanning {

    /** What becomes of a record. */
    public enum Verdict { CANONICAL, MOVE, SKIP }

    /** For {@code MOVE} the target key, for {@code SKIP} the reason. */
    public record Decision(Verdict verdict, String targetKey, String reason) {
    }

    private MigrationPlanning() {
    }

    /** @param usersByProject the users the ledger records per project id (see {@link #needsUserLookup}) */
    public static Decision decide(KeyLayout layout, MigrationCandidate record,
                                  Map<String, Set<String>> usersByProject) {
        KeyParts parts = record.parts();
        if (parts.userId() == null) {
            Set<String> users = parts.projectId() == null ? Set.of()
                    : usersByProject.getOrDefault(parts.projectId(), Set.of());
            if (users.size() != 1) {
                return new Decision(Verdict.SKIP, null, users.isEmpty() ? "no user known"
                        : "project " + parts.projectId() + " has several users " + users);
            }
            parts = new KeyParts(users.iterator().next(), parts.projectId(), parts.sceneId(), parts.fileType(),
                    parts.filename());
        }
        String target;
        try {
            target = layout.canonicalKey(parts);
        } catch (ValidationException e) {
            return new Decision(Verdict.SKIP, null, "no canonical key: " + e.getMessage());
        }
        return target.equals(record.key()) ? new Decision(Verdict.CANONICAL, target, null)
                : new Decision(Verdict.MOVE, target, null);
    }

    /** True when the record's user must come from the other records of its project. */
    public static boolean needsUserLookup(MigrationCandidate record) {
        return record.parts().userId() == null && record.parts().projectId() != null;
    }
}
