package dev.custodian.incontainer;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Calls the probe the way the workers call the ledger: from an EJB outside any transaction, and on threads made there. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProbeWorker {

    @Inject
    TransactionProbe probe;

    @Resource
    ManagedThreadFactory threads;

    public List<Long> here() {
        return probe.transactionIds();
    }

    public List<Long> onLoopThread() throws Exception {
        ExecutorService loops = Executors.newFixedThreadPool(1, threads);
        try {
            return loops.submit(() -> probe.transactionIds()).get();
        } finally {
            loops.shutdown();
        }
    }
}
