package dev.custodian.deletion.entity;

import java.util.List;

/**
 * The ledger against the bucket for one project: what each side holds (up to a view's limit),
 * where they differ, and keys whose owner the layout cannot tell.
 *
 * @param truncated either side held more than the view shows
 */
public record ProjectFiles(String projectId, List<String> tracked, List<String> inBucket, List<String> onlyTracked,
                           List<String> onlyInBucket, List<String> ambiguous, boolean truncated) {
}
