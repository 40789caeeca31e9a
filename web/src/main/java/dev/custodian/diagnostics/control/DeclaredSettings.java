package dev.custodian.diagnostics.control;

import dev.custodian.ledger.control.LedgerSchemaIntegrator;
import dev.custodian.objectstore.s3.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;

/**
 * Every {@code custodian.*} key the Settings classes declare, with its default, found where they
 * declare it: the {@code @ConfigProperty} injection points of every bean (so a new key shows up
 * without a list to keep), plus the two that read their keys before CDI runs (the S3 settings and
 * the database's, read by the persistence unit).
 */
@ApplicationScoped
public class DeclaredSettings {

    private static final String PREFIX = "custodian.";

    @Inject
    BeanManager beans;

    @Inject
    Config config;

    private Map<String, String> declared;

    /** The effective configuration, secrets masked. */
    public Map<String, String> effective() {
        return EffectiveConfiguration.of(declared(), key -> config.getOptionalValue(key, String.class));
    }

    private synchronized Map<String, String> declared() {
        if (declared == null) {
            Map<String, String> keys = new HashMap<>();
            keys.putAll(LedgerSchemaIntegrator.declared());
            keys.putAll(S3Settings.declared());
            beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                    .flatMap(bean -> bean.getInjectionPoints().stream())
                    .flatMap(point -> point.getQualifiers().stream())
                    .filter(ConfigProperty.class::isInstance)
                    .map(ConfigProperty.class::cast)
                    .filter(property -> property.name().startsWith(PREFIX))
                    .forEach(property -> keys.put(property.name(),
                            ConfigProperty.UNCONFIGURED_VALUE.equals(property.defaultValue()) ? null
                                    : property.defaultValue()));
            declared = keys;
        }
        return declared;
    }
}
