package dev.custodian.deletion.entity;

import dev.custodian.keys.entity.OwnerType;

import java.time.Instant;
import java.util.UUID;

/**
 * A deleted owner: uploads for it are refused from the moment its deletion was requested until an
 * admin lifts it. A project's or scene's tombstone names its user; one without a user stands for
 * the project of no known user and blocks only keys that name no user (legacy layouts).
 */
public record Tombstone(UUID id, OwnerType ownerType, String userId, String projectId, String sceneId,
                        UUID deletionId, Instant deletedAt) {

    /** The owner in words, for audit entries and errors. */
    public String describe() {
        String user = userId == null ? "of no known user" : "of user " + userId;
        return switch (ownerType) {
            case USER -> "user " + userId;
            case PROJECT -> "project " + projectId + " " + user;
            case SCENE -> "scene " + projectId + "/" + sceneId + " " + user;
        };
    }
}
