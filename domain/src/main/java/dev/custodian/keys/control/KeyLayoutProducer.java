package dev.custodian.keys.control;

import dev.custodian.keys.entity.KeyTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application's {@link KeyLayout}: the seed layouts plus any templates from
 * {@code custodian.legacy.templates} ({@code name=pattern} entries separated by {@code ;}). A bad
 * template stops start-up with a message naming the key.
 */
@ApplicationScoped
public class KeyLayoutProducer {

    static final String TEMPLATES = "custodian.legacy.templates";

    @Inject
    @ConfigProperty(name = TEMPLATES)
    Optional<String> extraTemplates;

    @Produces
    @Singleton // KeyLayout is immutable and final: no proxy needed, one instance
    KeyLayout layout() {
        List<KeyTemplate> templates = new ArrayList<>(KeyLayout.withDefaults().legacyTemplates());
        for (String entry : extraTemplates.orElse("").split(";")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 1) {
                throw new IllegalStateException(TEMPLATES + " entries must be name=pattern, got: " + trimmed);
            }
            try {
                templates.add(KeyTemplate.of(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(TEMPLATES + ": " + e.getMessage(), e);
            }
        }
        return new KeyLayout(templates);
    }
}
