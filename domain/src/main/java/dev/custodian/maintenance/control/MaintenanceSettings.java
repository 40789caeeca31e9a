package dev.custodian.maintenance.control;

import dev.custodian.configuration.DurationSetting;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Maintenance configuration; each key is declared here once, with its default. */
@ApplicationScoped
public class MaintenanceSettings {

    static final String MAX_DELETE = "custodian.maintenance.max-delete";

    /** The most files one run may quarantine or delete unless the request says otherwise. */
    @Inject
    @ConfigProperty(name = MAX_DELETE, defaultValue = "10000")
    long maxDelete;

    static final String TOKEN_TTL = "custodian.maintenance.token-ttl";

    /** How long a dry run's confirmation token may be used: findings go stale. */
    @Inject
    @ConfigProperty(name = TOKEN_TTL, defaultValue = "PT24H")
    String tokenTtl;

    static final String AUTO_DELETE = "custodian.maintenance.auto-delete-orphans";

    /** The seeds' post-MVP switch: the scheduled run quarantines old orphans without confirmation. */
    @Inject
    @ConfigProperty(name = AUTO_DELETE, defaultValue = "false")
    boolean autoDeleteOrphans;

    static final String QUARANTINE_DAYS = "custodian.quarantine.retention-days";

    @Inject
    @ConfigProperty(name = QUARANTINE_DAYS, defaultValue = "30")
    int quarantineDays;

    private Duration parsedTokenTtl;

    @PostConstruct
    void check() {
        parsedTokenTtl = DurationSetting.positive(TOKEN_TTL, tokenTtl);
        if (maxDelete < 0) {
            throw new IllegalStateException(MAX_DELETE + " must not be negative, is " + maxDelete);
        }
        if (quarantineDays < 1 || quarantineDays > 36500) {
            throw new IllegalStateException(QUARANTINE_DAYS + " must be 1..36500, is " + quarantineDays);
        }
    }

    public long maxDelete() {
        return maxDelete;
    }

    public Duration tokenTtl() {
        return parsedTokenTtl;
    }

    public boolean autoDeleteOrphans() {
        return autoDeleteOrphans;
    }

    public Duration quarantineRetention() {
        return Duration.ofDays(quarantineDays);
    }
}
