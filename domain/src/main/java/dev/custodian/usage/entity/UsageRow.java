package dev.custodian.usage.entity;

/**
 * Active objects and their bytes in one group. A project belongs to its user, so grouped by
 * project a row is one user's project: {@code userId} names the user (null for records that name
 * none); grouped otherwise it is null.
 */
public record UsageRow(String group, String userId, long objects, long bytes) {

    /** Where the next page starts: the group, and for a project its user ('/' is in neither). */
    public String position() {
        return userId == null ? group : group + "/" + userId;
    }
}
