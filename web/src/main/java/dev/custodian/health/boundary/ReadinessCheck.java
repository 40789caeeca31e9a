package dev.custodian.health.boundary;

import dev.custodian.objectstore.control.ObjectStore;
import dev.custodian.security.control.AccessTokens;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Ready when the ledger database and the bucket both answer and the API has tokens to serve with.
 * An optional secret that was ignored shows in the data but does not make the instance unready:
 * every other token still works.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = "java:app/jdbc/custodian")
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Inject
    AccessTokens tokens;

    @Override
    public HealthCheckResponse call() {
        boolean database = databaseAnswers();
        boolean bucket = store.isReachable();
        var configError = tokens.configurationError();
        var response = HealthCheckResponse.named("custodian")
                .withData("database", database ? "up" : "down")
                .withData("bucket", bucket ? "up" : "down")
                .withData("auth", configError.orElse("configured"));
        tokens.ignoredSecret().ifPresent(why -> response.withData("ignored_secret", why));
        return response.status(database && bucket && configError.isEmpty()).build();
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
