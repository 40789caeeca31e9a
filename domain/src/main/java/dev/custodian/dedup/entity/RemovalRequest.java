package dev.custodian.dedup.entity;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A duplicate removal as asked: one owner's groups of identical content ({@code groups} empty:
 * every group of the owner), a dry run unless {@code dryRun} is false, in which case it carries
 * the {@code confirmationToken} of a dry run with the same owner and groups.
 */
public record RemovalRequest(String userId, List<ContentKey> groups, boolean dryRun, long maxDelete,
                             String confirmationToken) {

    /** A group as the duplicates report names it. */
    public record ContentKey(long sizeBytes, String etag) {
    }

    /** The owner and groups as one string, the same for the same groups in any order or repetition. */
    public String parameters() {
        return userId + "\n" + groups.stream().map(g -> g.sizeBytes() + " " + g.etag()).distinct().sorted()
                .collect(Collectors.joining("\n"));
    }
}
