package dev.custodian.keys.control;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.keys.entity.KeyTemplate;
import dev.custodian.keys.entity.KeyTooAmbiguousException;
import dev.custodian.keys.entity.OwnerScope;
import dev.custodian.keys.entity.Ownership;
import dev.custodian.keys.entity.ParseOutcome;
import dev.custodian.keys.entity.ParsedKey;
import dev.custodian.validation.Identifiers;
import dev.custodian.validation.Violations;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.custodian.keys.entity.KeyField.FILENAME;
import static dev.custodian.keys.entity.KeyField.FILE_TYPE;
import static dev.custodian.keys.entity.KeyField.PROJECT_ID;
import static dev.custodian.keys.entity.KeyField.SCENE_ID;
import static dev.custodian.keys.entity.KeyField.USER_ID;

/**
 * The bucket's key layout: the canonical templates every new key is built with, and the legacy
 * templates still recognised when reading keys found in the bucket. Immutable and thread-safe.
 *
 * <p>A key is read by the canonical templates alone when one matches (their {@code users/} root and
 * segment counts keep them apart), else by every legacy template. A key with several distinct readings
 * is never attributed to one of them: owners only get keys that every reading gives them.
 */
public final class KeyLayout {

    private static final String LEGACY_FLAT = "{project_id:proj_}_{scene_id}_{file_type}.{ext}";
    private static final String LEGACY_PROJECTS =
            "projects/{project_id:proj_}/scenes/{scene_id}/{file_type}/{filename}";
    private static final String LEGACY_AUDIO = "{file_type=audio}/{project_id:proj_}/{scene_id}/{filename}";

    /** The legacy layouts seen in the field; configuration may replace or extend them. */
    public static final List<String> DEFAULT_LEGACY_PATTERNS = List.of(LEGACY_FLAT, LEGACY_PROJECTS, LEGACY_AUDIO);

    private static final KeyTemplate SCENE_FILE = KeyTemplate.of("canonical-scene",
            "users/{user_id}/projects/{project_id}/scenes/{scene_id}/{file_type}/{filename}");
    private static final KeyTemplate PROJECT_FILE = KeyTemplate.of("canonical-project",
            "users/{user_id}/projects/{project_id}/{file_type}/{filename}");
    private static final KeyTemplate USER_FILE = KeyTemplate.of("canonical-user",
            "users/{user_id}/{file_type}/{filename}");
    private static final List<KeyTemplate> CANONICAL = List.of(SCENE_FILE, PROJECT_FILE, USER_FILE);

    private final List<KeyTemplate> legacy;

    public KeyLayout(List<KeyTemplate> legacy) {
        this.legacy = List.copyOf(legacy);
    }

    public static KeyLayout withDefaults() {
        return new KeyLayout(List.of(
                KeyTemplate.of("legacy-flat", LEGACY_FLAT),
                KeyTemplate.of("legacy-projects", LEGACY_PROJECTS),
                KeyTemplate.of("legacy-audio", LEGACY_AUDIO)));
    }

    /** The legacy templates in the order they are tried, so configuration can extend them. */
    public List<KeyTemplate> legacyTemplates() {
        return legacy;
    }

    /**
     * The canonical key of a user, project or scene file, chosen by which ids are present.
     *
     * @throws dev.custodian.validation.ValidationException naming every bad field (and {@code key}
     *                                                      when the fields are fine but the key is too long)
     */
    public String canonicalKey(KeyParts parts) {
        Violations violations = new Violations();
        Identifiers.requireId(violations, USER_ID.placeholder(), parts.userId());
        Identifiers.optionalId(violations, PROJECT_ID.placeholder(), parts.projectId());
        if (parts.sceneId() != null && parts.projectId() == null) {
            violations.add(SCENE_ID.placeholder(), "requires " + PROJECT_ID.placeholder());
        } else {
            Identifiers.optionalId(violations, SCENE_ID.placeholder(), parts.sceneId());
        }
        Identifiers.requireFileType(violations, FILE_TYPE.placeholder(), parts.fileType());
        Identifiers.requireFilename(violations, FILENAME.placeholder(), parts.filename());
        violations.throwIfAny();
        KeyTemplate template = parts.sceneId() != null ? SCENE_FILE : parts.projectId() != null ? PROJECT_FILE : USER_FILE;
        String key = template.build(parts).orElseThrow();
        // Today's field limits cap a canonical key at 697 bytes; the check keeps a raised limit from
        // producing keys the store refuses.
        Identifiers.requireKeyLength(violations, "key", key);
        violations.throwIfAny();
        return key;
    }

    /** Reads any text as a key; garbage comes back UNPARSEABLE, never as an exception. */
    public ParsedKey parse(String key) {
        List<Reading> readings = readings(key);
        List<KeyParts> candidates = readings.stream().map(Reading::parts).distinct().toList();
        List<KeyTemplate> templates = readings.stream().map(Reading::template).distinct().toList();
        ParseOutcome outcome = switch (candidates.size()) {
            case 0 -> ParseOutcome.UNPARSEABLE;
            case 1 -> ParseOutcome.MATCHED;
            default -> ParseOutcome.AMBIGUOUS;
        };
        return new ParsedKey(key, outcome, templates.size() == 1 ? templates.get(0) : null, candidates);
    }

    public boolean isCanonical(String key) {
        return CANONICAL.stream().anyMatch(template -> !template.match(key).isEmpty());
    }

    /**
     * The canonical prefixes holding all of the owner's keys, each ending in {@code /}. Empty for a
     * project or scene scope that does not know its user, since canonical keys start with the user.
     */
    public List<String> canonicalPrefixes(OwnerScope owner) {
        return covering(CANONICAL.stream().flatMap(template -> template.listingPrefixes(owner).stream()));
    }

    /** The prefixes under which legacy templates may hold the owner's keys; others' keys may lie there too. */
    public List<String> legacyPrefixes(OwnerScope owner) {
        return covering(legacy.stream().flatMap(template -> template.listingPrefixes(owner).stream()));
    }

    /** Judges a key over all its readings, so that deleting project {@code p1} never takes a key that may be {@code p1_x}'s. */
    public Ownership ownership(String key, OwnerScope owner) {
        List<Reading> readings = readings(key);
        long claimed = readings.stream().filter(r -> r.template().claimedBy(owner, r.parts())).count();
        if (claimed == 0) {
            return Ownership.NOT_OWNED;
        }
        return claimed == readings.size() ? Ownership.OWNED : Ownership.AMBIGUOUS;
    }

    /** Whether every reading of the key names its user (canonical keys do; the seed's legacy layouts never). */
    public boolean namesUser(String key) {
        List<Reading> readings = readings(key);
        return !readings.isEmpty() && readings.stream().allMatch(r -> r.parts().userId() != null);
    }

    private List<Reading> readings(String key) {
        try {
            List<Reading> canonical = readingsUnder(CANONICAL, key);
            return canonical.isEmpty() ? readingsUnder(legacy, key) : canonical;
        } catch (KeyTooAmbiguousException e) {
            // Any reading we did find could be the wrong one: the key must not count as anyone's.
            return List.of();
        }
    }

    private static List<Reading> readingsUnder(List<KeyTemplate> templates, String key) {
        return templates.stream()
                .flatMap(template -> template.match(key).stream().map(parts -> new Reading(template, parts)))
                .toList();
    }

    /** Drops every prefix that a shorter one already covers, so no key is listed twice. */
    private static List<String> covering(Stream<String> prefixes) {
        List<String> kept = new ArrayList<>();
        prefixes.distinct().sorted().forEach(prefix -> {
            if (kept.isEmpty() || !prefix.startsWith(kept.get(kept.size() - 1))) {
                kept.add(prefix);
            }
        });
        return List.copyOf(kept);
    }

    private record Reading(KeyTemplate template, KeyParts parts) {
    }
}
