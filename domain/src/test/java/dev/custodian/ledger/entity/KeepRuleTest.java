package dev.custodian.ledger.entity;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class KeepRuleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static KeepRule.Candidate copy(long size, String etag, String key, long secondsAfter) {
        return new KeepRule.Candidate(size, etag, new DuplicateGroup.Copy(UUID.randomUUID(), key,
                T0.plusSeconds(secondsAfter)));
    }

    @Test
    void theOldestCopyIsKeptAndTheOthersGoOldestFirst() {
        var newest = copy(10, "e", "a", 30);
        var oldest = copy(10, "e", "z", 0);
        var middle = copy(10, "e", "m", 10);
        List<KeepRule.Verdict> verdicts = KeepRule.judge(List.of(newest, oldest, middle));
        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.kept()).isEqualTo(oldest.copy());
            assertThat(v.removed()).containsExactly(middle.copy(), newest.copy());
            assertThat(v.reclaimableBytes()).isEqualTo(20);
        });
    }

    @Test
    void copiesStoredInTheSameInstantAreTiedByKey() {
        var b = copy(10, "e", "users/u1/b.bin", 0);
        var a = copy(10, "e", "users/u1/a.bin", 0);
        assertThat(KeepRule.judge(List.of(b, a))).singleElement()
                .satisfies(v -> assertThat(v.kept().key()).isEqualTo("users/u1/a.bin"));
        assertThat(KeepRule.judge(List.of(a, b))).singleElement()
                .satisfies(v -> assertThat(v.kept().key()).as("whatever the order asked in").isEqualTo("users/u1/a.bin"));
    }

    @Test
    void aLastCopyIsNeverRemoved() {
        assertThat(KeepRule.judge(List.of(copy(10, "e", "only", 0)))).isEmpty();
        assertThat(KeepRule.judge(List.of())).isEmpty();
    }

    @Test
    void onlyTheSameSizeAndEtagAreOneGroup() {
        List<KeepRule.Verdict> verdicts = KeepRule.judge(List.of(copy(10, "e", "a", 0), copy(11, "e", "b", 1),
                copy(10, "f", "c", 2), copy(10, "e", "d", 3), copy(100, "g", "x", 0), copy(100, "g", "y", 1)));
        assertThat(verdicts).extracting(KeepRule.Verdict::etag).as("most reclaimed first").containsExactly("g", "e");
        assertThat(verdicts.get(1).removed()).extracting(DuplicateGroup.Copy::key).containsExactly("d");
    }
}
