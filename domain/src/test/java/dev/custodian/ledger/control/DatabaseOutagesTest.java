package dev.custodian.ledger.control;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutagesTest {

    @Test
    void aLostConnectionDeepInTheChainIsAnOutage() {
        var driver = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        var wrapped = new RuntimeException("transaction rolled back",
                new IllegalStateException("ledger update failed", driver));
        assertThat(DatabaseOutages.isOutage(wrapped)).isTrue();
    }

    @Test
    void serverShutdownTimeoutsAndTooManyConnectionsAreOutages() {
        for (String state : new String[] {"57P01", "57P03", "53300", "57014", "55P03", "08001"}) {
            assertThat(DatabaseOutages.isOutage(new SQLException("x", state))).as(state).isTrue();
        }
        assertThat(DatabaseOutages.isOutage(new SQLTransientConnectionException("pool timeout"))).isTrue();
    }

    @Test
    void aPoolThatCannotAllocateIsAnOutageThoughItNamesNoState() {
        var pool = new SQLException("Error in allocating a connection",
                new jakarta.resource.spi.ResourceAllocationException("Connection could not be allocated"));
        assertThat(DatabaseOutages.isOutage(pool)).isTrue();
    }

    @Test
    void constraintViolationsSyntaxErrorsAndBugsAreNot() {
        assertThat(DatabaseOutages.isOutage(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseOutages.isOutage(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseOutages.isOutage(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutages.isOutage(new NullPointerException())).isFalse();
    }

    @Test
    void aDeadlockOrASerializationFailureIsALostRaceNotAnOutage() {
        for (String state : new String[] {"40P01", "40001"}) {
            var wrapped = new IllegalStateException("ledger update failed", new SQLException("deadlock detected", state));
            assertThat(DatabaseOutages.isLostRace(wrapped)).as(state).isTrue();
            assertThat(DatabaseOutages.isOutage(wrapped)).as(state).isFalse();
        }
        assertThat(DatabaseOutages.isLostRace(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseOutages.isLostRace(new IllegalStateException("bug"))).isFalse();
    }
}
