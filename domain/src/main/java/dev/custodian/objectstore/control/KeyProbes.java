package dev.custodian.objectstore.control;

import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.objectstore.entity.Probe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * HEADs a page of keys in parallel, for whoever must re-check what a listing or a report said
 * before acting on it. Never inside a transaction: HEADs only touch the store.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class KeyProbes {

    private static final int PARALLELISM = 8;

    @Inject
    ObjectStore store;

    /** The default managed executor runs one task at a time here; HEADs get threads of their own. */
    @Resource
    ManagedThreadFactory threads;

    private ExecutorService heads;

    @PostConstruct
    void openPool() {
        heads = Executors.newFixedThreadPool(PARALLELISM, threads);
    }

    @PreDestroy
    void closePool() {
        heads.shutdownNow();
    }

    /** One probe per key, in the order given. */
    public List<Probe> head(List<String> keys) {
        List<Future<Probe>> probes = keys.stream().map(key -> heads.submit(() -> probe(key))).toList();
        return probes.stream().map(KeyProbes::await).toList();
    }

    private Probe probe(String key) {
        try {
            return new Probe(key, store.head(key), null);
        } catch (ObjectStoreException e) {
            return new Probe(key, Optional.empty(), e);
        }
    }

    private static Probe await(Future<Probe> probe) {
        try {
            return probe.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a HEAD failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking keys", e);
        }
    }
}
