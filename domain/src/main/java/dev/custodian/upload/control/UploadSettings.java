package dev.custodian.upload.control;

import dev.custodian.configuration.DurationSetting;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Configuration of the upload flows; each key is declared here once, with its default. */
@ApplicationScoped
public class UploadSettings {

    static final String PENDING_TTL = "custodian.uploads.pending-ttl";
    static final String PRESIGN_TTL = "custodian.uploads.presign-ttl";
    static final String MAX_BYTES = "custodian.uploads.max-bytes";

    @Inject
    @ConfigProperty(name = PENDING_TTL, defaultValue = "PT24H")
    String pendingTtlText;

    @Inject
    @ConfigProperty(name = PRESIGN_TTL, defaultValue = "PT15M")
    String presignTtlText;

    /** S3's limit for a single PUT; larger uploads need multipart, which upload-through does not do. */
    @Inject
    @ConfigProperty(name = MAX_BYTES, defaultValue = "5368709120")
    long maxBytes;

    private Duration pendingTtl;
    private Duration presignTtl;

    @PostConstruct
    void parse() {
        pendingTtl = DurationSetting.positive(PENDING_TTL, pendingTtlText);
        presignTtl = DurationSetting.positive(PRESIGN_TTL, presignTtlText);
        if (pendingTtl.compareTo(presignTtl) <= 0) {
            // the resolver may only decide once no presigned URL can deliver bytes any more
            throw new IllegalStateException(PENDING_TTL + " (" + pendingTtl + ") must be longer than "
                    + PRESIGN_TTL + " (" + presignTtl + ")");
        }
        if (maxBytes < 1) {
            throw new IllegalStateException(MAX_BYTES + " must be at least 1, is " + maxBytes);
        }
    }

    /** How long an announced upload may stay unconfirmed before the resolver settles it. */
    public Duration pendingTtl() {
        return pendingTtl;
    }

    /** How long presigned URLs stay valid. */
    public Duration presignTtl() {
        return presignTtl;
    }

    /** The largest object accepted, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }
}
