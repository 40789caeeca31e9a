package dev.custodian.monitoring.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerFiguresTest {

    private static LedgerFigures figures(List<UUID> stuck, long failed) {
        return new LedgerFigures(Instant.now(), 0, Duration.ZERO, failed, 0, Map.of(), stuck, null, Map.of());
    }

    @Test
    void allIsWellWithoutStuckDeletionsOrFailedKeys() {
        assertThat(figures(List.of(), 0).degradation(Duration.ofMinutes(15))).isEmpty();
    }

    @Test
    void aStuckDeletionIsNamedAndFailedKeysAreCounted() {
        UUID id = UUID.randomUUID();
        assertThat(figures(List.of(id, UUID.randomUUID()), 3).degradation(Duration.ofMinutes(15)))
                .isEqualTo("2 deletion(s) without progress for PT15M (" + id + ", …); 3 key(s) in delete_failed");
        assertThat(figures(List.of(), 1).degradation(Duration.ofMinutes(15))).isEqualTo("1 key(s) in delete_failed");
    }
}
