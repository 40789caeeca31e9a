package dev.custodian.incontainer;

import jakarta.inject.Inject;
import org.assertj.core.api.Assertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URISyntaxException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @Transactional} method's plain SQL ({@code LedgerSql}) and JPA statements run in one
 * transaction wherever it is called from: a request, and an EJB worker (timer, asynchronous poke)
 * and the drain loops' threads it makes. From an EJB, Payara left a connection taken from the data
 * source out of the transaction: each statement committed on its own, and an owner deletion's
 * chunk, locked "until commit", was taken by two loops at once.
 */
@ExtendWith(ArquillianExtension.class)
class LoopTransactionsIT {

    @Inject
    TransactionProbe probe;

    @Inject
    ProbeWorker worker;

    @Deployment
    static WebArchive deployment() throws URISyntaxException {
        File assertj = new File(Assertions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Deployments.custodianWar().addAsLibrary(assertj).addClasses(TransactionProbe.class, ProbeWorker.class);
    }

    @Test
    void aTransactionsStatementsShareItInARequest() {
        assertOneTransaction(probe.transactionIds());
    }

    @Test
    void aTransactionsStatementsShareItInAnEjbWorker() {
        assertOneTransaction(worker.here());
    }

    @Test
    void aTransactionsStatementsShareItOnAThreadAnEjbWorkerMade() throws Exception {
        assertOneTransaction(worker.onLoopThread());
    }

    private static void assertOneTransaction(List<Long> transactionIds) {
        assertThat(transactionIds).as("transaction ids of JPA, plain SQL, plain SQL, JPA").hasSize(4)
                .containsOnly(transactionIds.get(0));
    }
}
