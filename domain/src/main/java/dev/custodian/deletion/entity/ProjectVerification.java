package dev.custodian.deletion.entity;

import java.util.List;

/** Whether anything of a project is left: keys in the bucket (the first of them), or live records. */
public record ProjectVerification(String projectId, List<String> remainingKeys, long remainingRecords,
                                  boolean isClean) {
}
