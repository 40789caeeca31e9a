package dev.custodian.keys.entity;

import dev.custodian.validation.Identifiers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A key layout in the key template language, used both to build keys and to read them back.
 *
 * <p>A pattern is literal text and placeholders: {@code {user_id}}, {@code {project_id}},
 * {@code {scene_id}}, {@code {file_type}}, {@code {filename}}, {@code {ext}}. A placeholder may carry
 * either a fixed value, {@code {file_type=audio}}, which is the only text it builds and matches, or a
 * tag, {@code {project_id:proj_}}, which decorates the value. Invariants checked by {@link #of}: at
 * least one placeholder, each at most once, literal text between any two, {@code {ext}} only at the
 * very end after a {@code .} and never together with {@code {filename}} (the extension is derived from
 * the filename). A template without {@code {filename}} names its object by the key's last segment.
 *
 * <p>Tags reproduce an old bug. A tagged value is written with its tag exactly once, whether or not
 * the id already starts with it ({@code abc} and {@code proj_abc} both give {@code proj_abc}), but
 * stored keys may carry the tag once or twice ({@code proj_proj_abc}; a third is not this layout).
 * Reading strips the leading tags greedily, so parts read through a tag hold the bare id
 * ({@code abc}), and listing yields a prefix for each stored form. The price: ids that differ
 * only by leading tags ({@code abc}, {@code proj_abc}, {@code proj_proj_abc}) are the same owner in a
 * tagged layout, and an id equal to the tag's stem ({@code proj}) cannot be told from a doubled tag, so
 * its keys do not read back. Compare owners to such parts with {@link #claimedBy}.
 *
 * <p>Immutable and thread-safe. One class over 400 lines on purpose: building, matching (a
 * backtracking reader over the same slots) and listing prefixes all work on the parsed slots and
 * their tags, and the tag rule above must read the same in all three; split, each part would
 * expose the slot model it now keeps private.
 */
public final class KeyTemplate {

    /** Matching backtracks; this caps its work per key, far above what any real layout needs. */
    private static final int MAX_STEPS = 10_000;

    private final String name;
    private final String pattern;
    private final List<Segment> segments;
    private final boolean namesFile;

    private KeyTemplate(String name, String pattern, List<Segment> segments) {
        this.name = name;
        this.pattern = pattern;
        this.segments = List.copyOf(segments);
        this.namesFile = slot(KeyField.FILENAME).isPresent();
    }

    /**
     * @throws IllegalArgumentException naming the problem when the pattern breaks the template syntax
     */
    public static KeyTemplate of(String name, String pattern) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        while (at < pattern.length()) {
            int open = pattern.indexOf('{', at);
            int close = pattern.indexOf('}', at);
            if (close >= 0 && (open < 0 || close < open)) {
                throw invalid(name, pattern, "'}' at " + close + " closes no placeholder");
            }
            if (open < 0) {
                segments.add(new Literal(pattern.substring(at)));
                break;
            }
            if (open > at) {
                segments.add(new Literal(pattern.substring(at, open)));
            }
            if (close < 0) {
                throw invalid(name, pattern, "'{' at " + open + " is never closed");
            }
            int nested = pattern.indexOf('{', open + 1);
            if (nested >= 0 && nested < close) {
                throw invalid(name, pattern, "'{' at " + nested + " opens inside a placeholder");
            }
            Slot slot = parseSlot(name, pattern, pattern.substring(open + 1, close));
            if (!segments.isEmpty() && segments.get(segments.size() - 1) instanceof Slot previous) {
                throw invalid(name, pattern, previous + " and " + slot + " need literal text between them");
            }
            segments.add(slot);
            at = close + 1;
        }
        checkPlaceholders(name, pattern, segments);
        return new KeyTemplate(name, pattern, segments);
    }

    public String name() {
        return name;
    }

    public String pattern() {
        return pattern;
    }

    /**
     * The key for these parts, or empty when a placeholder's value is missing, does not fit the
     * placeholder, or differs from its fixed value. The key length is not checked here.
     */
    public Optional<String> build(KeyParts parts) {
        StringBuilder key = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Literal literal) {
                key.append(literal.text());
            } else {
                Slot slot = (Slot) segment;
                List<String> forms = slot.renderings(slot.field().valueIn(parts));
                if (forms.isEmpty()) {
                    return Optional.empty();
                }
                key.append(forms.get(0));
            }
        }
        return Optional.of(key.toString());
    }

    /**
     * Every distinct reading of the key under this template, in the order found; empty when it does
     * not match. Keys over {@link Identifiers#MAX_KEY_BYTES} never match.
     *
     * @throws KeyTooAmbiguousException when the readings are too many to enumerate
     */
    public List<KeyParts> match(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > Identifiers.MAX_KEY_BYTES) {
            return List.of();
        }
        Matcher matcher = new Matcher(key);
        matcher.from(0, 0);
        if (matcher.steps > MAX_STEPS) {
            throw new KeyTooAmbiguousException(key, name);
        }
        return List.copyOf(matcher.found);
    }

    /**
     * The key prefixes under which every key of this owner in this layout lies: the text before the
     * first placeholder the owner does not decide, cut back to the end of a literal so that no prefix
     * ends inside a value ({@code proj_p1_}, never {@code proj_p1}, which would also cover {@code p10}).
     * A tagged id gives one prefix per way the tag was stored. Other owners' keys can still lie under a
     * prefix ({@code proj_p1_x_…} of project {@code p1_x}): check each listed key with
     * {@link #claimedBy}.
     *
     * @return empty when this layout cannot hold the owner's keys, or only under the empty prefix
     */
    public List<String> listingPrefixes(OwnerScope owner) {
        Set<KeyField> undecided = definingFields(owner.type());
        List<String> open = List.of("");
        List<String> committed = open;
        for (Segment segment : segments) {
            if (segment instanceof Literal literal) {
                open = open.stream().map(prefix -> prefix + literal.text()).toList();
                committed = open;
                continue;
            }
            Slot slot = (Slot) segment;
            String known = valueOf(owner, slot.field());
            if (known == null && slot.fixed() == null) {
                break;
            }
            List<String> forms = slot.renderings(known);
            if (forms.isEmpty()) {
                return List.of();
            }
            open = open.stream().flatMap(prefix -> forms.stream().map(form -> prefix + form)).toList();
            undecided.remove(slot.field());
        }
        return undecided.isEmpty() && !committed.get(0).isEmpty() ? committed : List.of();
    }

    /**
     * Every way an id this template reads as {@code bare} may be spelled elsewhere (in the ledger):
     * the bare id and, for a tagged placeholder, the id with its tag once and twice.
     */
    public List<String> spellings(KeyField field, String bare) {
        return slot(field).filter(s -> s.tag() != null)
                .map(s -> List.of(bare, s.tag() + bare, s.tag() + s.tag() + bare))
                .orElse(List.of(bare));
    }

    /**
     * Whether parts read by this template belong to the owner: {@link OwnerScope#claims} after the
     * owner's ids are reduced to bare ids through this template's tags.
     */
    public boolean claimedBy(OwnerScope owner, KeyParts parsed) {
        return new OwnerScope(owner.type(), bare(KeyField.USER_ID, owner.userId()),
                bare(KeyField.PROJECT_ID, owner.projectId()), bare(KeyField.SCENE_ID, owner.sceneId()))
                .claims(parsed);
    }

    @Override
    public String toString() {
        return name + " " + pattern;
    }

    private Optional<Slot> slot(KeyField field) {
        return segments.stream()
                .filter(s -> s instanceof Slot slot && slot.field() == field)
                .map(Slot.class::cast)
                .findFirst();
    }

    private String bare(KeyField field, String id) {
        return id == null ? null : slot(field).filter(s -> s.tag() != null).map(s -> s.bare(id)).orElse(id);
    }

    private static Set<KeyField> definingFields(OwnerType type) {
        return switch (type) {
            case USER -> EnumSet.of(KeyField.USER_ID);
            case PROJECT -> EnumSet.of(KeyField.PROJECT_ID);
            case SCENE -> EnumSet.of(KeyField.PROJECT_ID, KeyField.SCENE_ID);
        };
    }

    private static String valueOf(OwnerScope owner, KeyField field) {
        return switch (field) {
            case USER_ID -> owner.userId();
            case PROJECT_ID -> owner.projectId();
            case SCENE_ID -> owner.sceneId();
            case FILE_TYPE, FILENAME, EXT -> null;
        };
    }

    private static Slot parseSlot(String name, String pattern, String spec) {
        int mark = indexOfAny(spec, ":=");
        String placeholder = mark < 0 ? spec : spec.substring(0, mark);
        KeyField field = KeyField.byPlaceholder(placeholder).orElseThrow(() -> invalid(name, pattern,
                "unknown placeholder {" + placeholder + "}, known: " + Arrays.stream(KeyField.values())
                        .map(f -> "{" + f.placeholder() + "}").collect(Collectors.joining(" "))));
        if (mark < 0) {
            return new Slot(field, null, null);
        }
        String argument = spec.substring(mark + 1);
        if (spec.charAt(mark) == ':') {
            if (argument.isEmpty()) {
                throw invalid(name, pattern, "{" + spec + "} has an empty tag");
            }
            return new Slot(field, argument, null);
        }
        if (!field.accepts(argument)) {
            throw invalid(name, pattern, "{" + spec + "} fixes a value that is not a valid " + placeholder);
        }
        return new Slot(field, null, argument);
    }

    private static void checkPlaceholders(String name, String pattern, List<Segment> segments) {
        Map<KeyField, Slot> seen = new EnumMap<>(KeyField.class);
        for (Segment segment : segments) {
            if (segment instanceof Slot slot && seen.put(slot.field(), slot) != null) {
                throw invalid(name, pattern, "{" + slot.field().placeholder() + "} appears more than once");
            }
        }
        if (seen.isEmpty()) {
            throw invalid(name, pattern, "no placeholder");
        }
        if (seen.containsKey(KeyField.EXT)) {
            if (seen.containsKey(KeyField.FILENAME)) {
                throw invalid(name, pattern, "{ext} is derived from {filename}: use one or the other");
            }
            int last = segments.size() - 1;
            if (!(last > 0 && segments.get(last) instanceof Slot slot && slot.field() == KeyField.EXT
                    && segments.get(last - 1) instanceof Literal literal && literal.text().endsWith("."))) {
                throw invalid(name, pattern, "{ext} must end the template, right after a '.'");
            }
        }
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String name, String pattern, String problem) {
        return new IllegalArgumentException("key template " + name + " (" + pattern + "): " + problem);
    }

    private sealed interface Segment permits Literal, Slot {
    }

    private record Literal(String text) implements Segment {
    }

    /** A placeholder; at most one of tag and fixed is set. */
    private record Slot(KeyField field, String tag, String fixed) implements Segment {

        /**
         * Every text this value may appear as in a key, the one to write first; empty when it cannot
         * appear. A null value can only appear in a fixed slot.
         */
        List<String> renderings(String value) {
            if (fixed != null) {
                return value == null || value.equals(fixed) ? List.of(fixed) : List.of();
            }
            if (value == null) {
                return List.of();
            }
            if (tag == null) {
                return field.accepts(value) ? List.of(value) : List.of();
            }
            String bare = bare(value);
            return field.accepts(bare) && !bare.startsWith(tag) ? List.of(tag + bare, tag + tag + bare) : List.of();
        }

        String bare(String id) {
            String bare = id;
            for (int i = 0; i < 2 && bare.startsWith(tag); i++) {
                bare = bare.substring(tag.length());
            }
            return bare;
        }

        /** Where the bare value starts after the tag written once or twice at {@code at}; -1 if not so written. */
        int skipTags(String key, int at) {
            if (!key.startsWith(tag, at)) {
                return -1;
            }
            int start = at + tag.length();
            if (key.startsWith(tag, start)) {
                start += tag.length();
            }
            return key.startsWith(tag, start) ? -1 : start;
        }

        @Override
        public String toString() {
            return "{" + field.placeholder() + (tag != null ? ":" + tag : "") + (fixed != null ? "=" + fixed : "") + "}";
        }
    }

    /** One backtracking search over one key: tries every end for each value, bounded by {@link #MAX_STEPS}. */
    private final class Matcher {
        private final String key;
        private final Map<KeyField, String> values = new EnumMap<>(KeyField.class);
        private final Set<KeyParts> found = new LinkedHashSet<>();
        private int steps;

        Matcher(String key) {
            this.key = key;
        }

        void from(int index, int at) {
            if (++steps > MAX_STEPS) {
                return;
            }
            if (index == segments.size()) {
                if (at == key.length()) {
                    found.add(parts());
                }
            } else if (segments.get(index) instanceof Literal literal) {
                if (key.startsWith(literal.text(), at)) {
                    from(index + 1, at + literal.text().length());
                }
            } else {
                fill((Slot) segments.get(index), index, at);
            }
        }

        private void fill(Slot slot, int index, int at) {
            if (slot.fixed() != null) {
                if (key.startsWith(slot.fixed(), at)) {
                    values.put(slot.field(), slot.fixed());
                    from(index + 1, at + slot.fixed().length());
                }
                return;
            }
            int start = slot.tag() == null ? at : slot.skipTags(key, at);
            if (start < 0) {
                return;
            }
            int limit = slot.field().span(key, start);
            if (index + 1 == segments.size()) {
                if (limit == key.length()) {
                    take(slot, index, start, limit);
                }
                return;
            }
            String next = ((Literal) segments.get(index + 1)).text();
            for (int end = key.indexOf(next, start + 1); end >= 0 && end <= limit; end = key.indexOf(next, end + 1)) {
                take(slot, index, start, end);
            }
        }

        private void take(Slot slot, int index, int start, int end) {
            String value = key.substring(start, end);
            if (slot.field().accepts(value)) {
                values.put(slot.field(), value);
                from(index + 1, end);
            }
        }

        /** Every slot on the path just completed has set its value, so stale entries cannot leak in. */
        private KeyParts parts() {
            String filename = namesFile ? values.get(KeyField.FILENAME) : key.substring(key.lastIndexOf('/') + 1);
            return new KeyParts(values.get(KeyField.USER_ID), values.get(KeyField.PROJECT_ID),
                    values.get(KeyField.SCENE_ID), values.get(KeyField.FILE_TYPE), filename);
        }
    }
}
