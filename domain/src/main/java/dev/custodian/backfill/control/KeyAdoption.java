package dev.custodian.backfill.control;

import dev.custodian.keys.entity.KeyField;
import dev.custodian.keys.entity.KeyParts;
import dev.custodian.keys.entity.ParsedKey;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a key found in the bucket is adopted: only a key with exactly one reading gets a record, so
 * an ambiguous key is never attributed by guess. A legacy key names no user; the user comes from
 * the ledger's other records of the same project (under any spelling its template allows), and only
 * when they name exactly one user; the record then takes the ledger's spelling of the project id.
 * Otherwise it is adopted without a user. Pure logic, no I/O.
 */
public final class KeyAdoption {

    /** What becomes of a key. */
    public enum Verdict { ADOPT, UNPARSEABLE, AMBIGUOUS }

    /** The verdict and, for {@code ADOPT}, the owner fields of the new record. */
    public record Decision(Verdict verdict, KeyParts owner) {
    }

    private KeyAdoption() {
    }

    /** The project ids under which the ledger may know this key's project, when its user must be looked up. */
    public static List<String> projectSpellings(ParsedKey parsed) {
        return parsed.parts().filter(parts -> parts.userId() == null && parts.projectId() != null)
                .map(parts -> parsed.template() == null ? List.of(parts.projectId())
                        : parsed.template().spellings(KeyField.PROJECT_ID, parts.projectId()))
                .orElse(List.of());
    }

    /** @param usersByProject users the ledger records per project id (see {@link #projectSpellings}) */
    public static Decision decide(ParsedKey parsed, Map<String, Set<String>> usersByProject) {
        switch (parsed.outcome()) {
            case UNPARSEABLE:
                return new Decision(Verdict.UNPARSEABLE, null);
            case AMBIGUOUS:
                return new Decision(Verdict.AMBIGUOUS, null);
            default:
                break;
        }
        KeyParts parts = parsed.parts().orElseThrow();
        Set<String> users = new TreeSet<>();
        String spelling = null;
        for (String project : projectSpellings(parsed)) {
            Set<String> known = usersByProject.getOrDefault(project, Set.of());
            if (!known.isEmpty() && spelling == null) {
                spelling = project;
            }
            users.addAll(known);
        }
        if (users.size() != 1) {
            return new Decision(Verdict.ADOPT, parts);
        }
        return new Decision(Verdict.ADOPT, new KeyParts(users.iterator().next(), spelling, parts.sceneId(),
                parts.fileType(), parts.filename()));
    }
}
