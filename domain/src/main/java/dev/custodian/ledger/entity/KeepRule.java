package dev.custodian.ledger.entity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which copy of the same content stays: the oldest ({@code created_at}, then the key for copies
 * stored in the same instant), so the answer is the same however often it is asked. The
 * duplicates report shows copies in this order and the duplicate removal keeps the first.
 */
public final class KeepRule {

    public static final Comparator<DuplicateGroup.Copy> OLDEST_FIRST = Comparator
            .comparing(DuplicateGroup.Copy::createdAt).thenComparing(DuplicateGroup.Copy::key);
    /** {@link #OLDEST_FIRST} as an SQL {@code ORDER BY}: keys in code point order, as Java compares them. */
    public static final String OLDEST_FIRST_SQL = "created_at, object_key COLLATE \"C\"";

    private KeepRule() {
    }

    /** One copy with the content it holds. */
    public record Candidate(long sizeBytes, String etag, DuplicateGroup.Copy copy) {
    }

    /** One group's judgement: the copy kept and the copies that go, oldest first. */
    public record Verdict(long sizeBytes, String etag, DuplicateGroup.Copy kept, List<DuplicateGroup.Copy> removed) {

        public long reclaimableBytes() {
            return sizeBytes * removed.size();
        }
    }

    /**
     * Groups the copies by content and keeps the oldest of each group; a group of one copy has
     * nothing to remove and gets no verdict, so a content's last copy is never removed. Verdicts
     * come in the report's order: most bytes reclaimed first, then by etag.
     */
    public static List<Verdict> judge(Collection<Candidate> candidates) {
        Map<List<Object>, List<DuplicateGroup.Copy>> groups = new LinkedHashMap<>();
        candidates.forEach(c -> groups.computeIfAbsent(List.of(c.sizeBytes(), c.etag()), k -> new ArrayList<>())
                .add(c.copy()));
        List<Verdict> verdicts = new ArrayList<>();
        groups.forEach((content, copies) -> {
            if (copies.size() > 1) {
                copies.sort(OLDEST_FIRST);
                verdicts.add(new Verdict((Long) content.get(0), (String) content.get(1), copies.get(0),
                        List.copyOf(copies.subList(1, copies.size()))));
            }
        });
        verdicts.sort(Comparator.comparingLong(Verdict::reclaimableBytes).reversed().thenComparing(Verdict::etag)
                .thenComparingLong(Verdict::sizeBytes));
        return verdicts;
    }
}
