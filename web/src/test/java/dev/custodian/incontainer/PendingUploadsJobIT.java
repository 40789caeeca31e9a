package dev.custodian.incontainer;

import dev.custodian.keys.entity.KeyParts;
import dev.custodian.ledger.control.StoredObjectRepository;
import dev.custodian.ledger.entity.ObjectState;
import dev.custodian.ledger.entity.RetentionClass;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.objectstore.entity.Payload;
import dev.custodian.upload.control.UploadClaims;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.inject.Inject;
import org.assertj.core.api.Assertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.io.File;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The pending-uploads chunk job inside the container: status, step metrics and its effect. */
@ExtendWith(ArquillianExtension.class)
class PendingUploadsJobIT {

    @Inject
    StoredObjectRepository repository;

    @Inject
    UploadClaims claims;

    @Inject
    ObjectStore store;

    @Resource(lookup = "java:app/jdbc/custodian")
    DataSource dataSource;

    @Deployment
    static WebArchive deployment() throws URISyntaxException {
        File assertj = new File(Assertions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Deployments.custodianWar().addAsLibrary(assertj);
    }

    @Test
    void resolvesExpiredPendingUploadsInOneCompletedRun() throws Exception {
        String user = "u-" + UUID.randomUUID();
        StoredObject withBytes = claim(user, "kept.bin");
        StoredObject withoutBytes = claim(user, "lost.bin");
        store.put(withBytes.key(), Payload.of(new byte[] {7, 7, 7}), "application/octet-stream");
        ageBeyondTtl(withBytes.id(), withoutBytes.id());

        JobOperator operator = BatchRuntime.getJobOperator();
        JobExecution execution = awaitEnd(operator, operator.start("pending-uploads", new Properties()));

        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<StepExecution> steps = operator.getStepExecutions(execution.getExecutionId());
        StepExecution step = steps.stream().filter(s -> s.getStepName().equals("resolve")).findFirst().orElseThrow();
        assertThat(steps).anySatisfy(s -> {
            assertThat(s.getStepName()).isEqualTo("abort-multipart");
            assertThat(s.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(s.getExitStatus()).isEqualTo("aborted=0");
        });
        assertThat(metric(step, Metric.MetricType.READ_COUNT)).isEqualTo(2);
        assertThat(metric(step, Metric.MetricType.WRITE_COUNT)).isEqualTo(2);
        assertThat(step.getExitStatus()).isEqualTo("adopted=1 dropped=1 wrong_size=0 owner_deleted=0 already_settled=0");
        assertThat(repository.findById(withBytes.id())).hasValueSatisfying(o -> {
            assertThat(o.state()).isEqualTo(ObjectState.ACTIVE);
            assertThat(o.sizeBytes()).isEqualTo(3);
        });
        assertThat(repository.findById(withoutBytes.id())).isEmpty();
    }

    private StoredObject claim(String user, String filename) {
        String key = "users/" + user + "/blob/" + filename;
        return claims.claim(StoredObject.pending(store.bucket(), key,
                new KeyParts(user, null, null, "blob", filename), "application/octet-stream", 3L,
                RetentionClass.STANDARD, null, "{}", Instant.now()));
    }

    private void ageBeyondTtl(UUID... ids) throws Exception {
        try (Connection db = dataSource.getConnection();
             var update = db.prepareStatement(
                     "update stored_object set created_at = now() - interval '2 days' where id = ?")) {
            for (UUID id : ids) {
                update.setObject(1, id);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private static JobExecution awaitEnd(JobOperator operator, long id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JobExecution execution = operator.getJobExecution(id);
            if (execution.getBatchStatus() != BatchStatus.STARTING && execution.getBatchStatus() != BatchStatus.STARTED) {
                return execution;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("execution " + id + " did not end within 60 s");
    }

    private static long metric(StepExecution step, Metric.MetricType type) {
        return Arrays.stream(step.getMetrics()).filter(m -> m.getType() == type).mapToLong(Metric::getValue)
                .findFirst().orElseThrow();
    }
}
