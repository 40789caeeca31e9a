package dev.custodian.pending.batch;

import dev.custodian.upload.control.PendingUploads;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Settles each record of the chunk; the counts of adoptions and drops so far are the step's
 * persistent user data, so a restarted step keeps adding to them.
 */
@Named("pendingResolutionWriter")
@Dependent
public class PendingResolutionWriter extends AbstractItemWriter {

    @Inject
    PendingUploads pendingUploads;

    @Inject
    StepContext step;

    @Override
    @SuppressWarnings("unchecked")
    public void writeItems(List<Object> items) {
        var counts = step.getPersistentUserData() instanceof EnumMap<?, ?> saved
                ? (EnumMap<PendingUploads.Resolution, Integer>) saved
                : new EnumMap<PendingUploads.Resolution, Integer>(PendingUploads.Resolution.class);
        for (Object item : items) {
            counts.merge(pendingUploads.resolve((UUID) item), 1, Integer::sum);
        }
        step.setPersistentUserData(counts);
        step.setExitStatus(summary(counts));
    }

    /** Every resolution's count, as {@code adopted=1 dropped=0 wrong_size=0 …}. */
    static String summary(Map<PendingUploads.Resolution, Integer> counts) {
        return Arrays.stream(PendingUploads.Resolution.values())
                .map(r -> r.name().toLowerCase(Locale.ROOT) + "=" + counts.getOrDefault(r, 0))
                .collect(Collectors.joining(" "));
    }
}
