package dev.custodian.deletion.control;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeletionSettingsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10_001})
    void aRecoveryWindowOutsideItsRangeStopsStartUpNamingTheKey(int window) {
        DeletionSettings settings = new DeletionSettings();
        settings.batchSize = 1000;
        settings.parallelism = 4;
        settings.maxAttempts = 8;
        settings.recoveryWindow = window;

        assertThatThrownBy(settings::check).isInstanceOf(IllegalStateException.class)
                .hasMessage("custodian.deletion.recovery-window must be 1..10000, is " + window);
    }
}
