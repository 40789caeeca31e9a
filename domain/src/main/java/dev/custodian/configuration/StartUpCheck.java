package dev.custodian.configuration;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a settings bean's checks so that a bad value is in the log by its key: thrown from a
 * {@code @PostConstruct}, the message reaches the log only wrapped in a CDI deployment failure
 * that does not always print its cause.
 */
public final class StartUpCheck {

    private StartUpCheck() {
    }

    public static void run(Class<?> settings, Runnable check) {
        try {
            check.run();
        } catch (IllegalStateException e) {
            Logger.getLogger(settings.getName()).log(Level.SEVERE, e.getMessage());
            throw e;
        }
    }
}
