package dev.custodian.deletion.boundary;

import dev.custodian.deletion.control.DeletionProgress;
import dev.custodian.deletion.entity.DeletionRequest;
import dev.custodian.deletion.entity.DeletionScope;
import dev.custodian.deletion.entity.KeyError;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A deletion as the API shows it, with counters derived from its ledger rows (at most a second old while it runs). */
public record DeletionRecord(UUID id, Map<String, Object> scope, String reason, String requestedBy, String state,
                             boolean recordsOnly, long total, long done, long deleted, long failed, long held,
                             long bytesReclaimed, List<KeyError> errors, List<String> ambiguousKeys,
                             Instant createdAt, Instant startedAt, Instant finishedAt, Verification verification) {

    static final int ERRORS_SHOWN = 100;

    /** The last look at the store; null until the deletion finished. */
    public record Verification(Instant checkedAt, List<String> remainingKeys, boolean isClean) {
    }

    public static DeletionRecord of(DeletionRequest request, DeletionProgress progress) {
        var counts = progress.counts(request);
        Verification verification = request.verifiedAt() == null ? null
                : new Verification(request.verifiedAt(), request.remainingKeys(), request.remainingKeys().isEmpty());
        return new DeletionRecord(request.id(), scope(request.scope()), request.reason(), request.requestedBy(),
                request.state().wireName(), request.recordsOnly(), counts.total(),
                counts.deleted() + counts.failed() + counts.held(), counts.deleted(), counts.failed(), counts.held(),
                request.recordsOnly() ? 0 : counts.bytesReclaimed(),
                progress.errors(request.id(), ERRORS_SHOWN), request.ambiguousKeys(), request.createdAt(),
                request.startedAt(), request.finishedAt(), verification);
    }

    private static Map<String, Object> scope(DeletionScope scope) {
        return new LinkedHashMap<>(scope.fields());
    }
}
