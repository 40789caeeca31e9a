package dev.custodian.bucketrun.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Limits of the bucket runs when a request names none; each key is declared here once, with its default. */
@ApplicationScoped
public class BucketRunSettings {

    static final String BACKFILL_MAX = "custodian.backfill.max-objects";
    static final String MIGRATION_MAX = "custodian.migration.max-objects";
    static final String CLEAR_MAX = "custodian.clear.max-delete";

    /** The most records one backfill creates. */
    @Inject
    @ConfigProperty(name = BACKFILL_MAX, defaultValue = "1000000")
    long backfillMaxObjects;

    /** The most records one migration moves. */
    @Inject
    @ConfigProperty(name = MIGRATION_MAX, defaultValue = "100000")
    long migrationMaxObjects;

    /** The most keys one clear deletes; past it, it deletes nothing. */
    @Inject
    @ConfigProperty(name = CLEAR_MAX, defaultValue = "10000")
    long clearMaxDelete;

    @PostConstruct
    void check() {
        for (var setting : new Object[][] {{BACKFILL_MAX, backfillMaxObjects}, {MIGRATION_MAX, migrationMaxObjects},
                {CLEAR_MAX, clearMaxDelete}}) {
            if ((long) setting[1] < 1) {
                throw new IllegalStateException(setting[0] + " must be at least 1, is " + setting[1]);
            }
        }
    }

    public long backfillMaxObjects() {
        return backfillMaxObjects;
    }

    public long migrationMaxObjects() {
        return migrationMaxObjects;
    }

    public long clearMaxDelete() {
        return clearMaxDelete;
    }
}
