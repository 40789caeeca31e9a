package dev.custodian.objectstore.s3;

import dev.custodian.objectstore.control.ObjectStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.util.logging.Logger;

/** Makes the one {@link ObjectStore} of the application and closes its clients on shutdown. */
@ApplicationScoped
public class S3ObjectStoreProducer {

    private static final Logger LOG = Logger.getLogger(S3ObjectStoreProducer.class.getName());

    @Inject
    Config config;

    /** The service's metrics (custodian.store.requests / .errors by operation), if it has any. */
    @Inject
    Instance<StoreCallObserver> observers;

    private S3Client client;
    private S3Presigner presigner;
    private S3ObjectStore store;

    @PostConstruct
    void open() {
        S3Settings settings = S3Settings.from(config);
        LOG.info(() -> "object store: " + settings);
        client = S3Clients.client(settings, observers.isResolvable() ? observers.get() : StoreCallObserver.NONE);
        presigner = S3Clients.presigner(settings);
        store = new S3ObjectStore(client, presigner, settings.bucket(), settings.requestTimeout(), settings.versions());
    }

    @Produces
    ObjectStore objectStore() {
        return store;
    }

    @PreDestroy
    void close() {
        presigner.close();
        client.close();
    }
}
