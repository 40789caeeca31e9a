package dev.custodian.keys.entity;

import java.util.Objects;

/**
 * An owner whose objects are handled together. A user scope has only a user id. A project scope has a
 * project id and a scene scope a project and a scene id; either may also know the user, which canonical
 * keys need (they start with it) and legacy keys lack.
 */
public record OwnerScope(OwnerType type, String userId, String projectId, String sceneId) {

    public OwnerScope {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case USER -> {
                Objects.requireNonNull(userId, "userId");
                require(projectId == null && sceneId == null, "a user scope has no project or scene");
            }
            case PROJECT -> {
                Objects.requireNonNull(projectId, "projectId");
                require(sceneId == null, "a project scope has no scene");
            }
            case SCENE -> {
                Objects.requireNonNull(projectId, "projectId");
                Objects.requireNonNull(sceneId, "sceneId");
            }
        }
    }

    public static OwnerScope user(String userId) {
        return new OwnerScope(OwnerType.USER, userId, null, null);
    }

    public static OwnerScope project(String projectId) {
        return new OwnerScope(OwnerType.PROJECT, null, projectId, null);
    }

    public static OwnerScope scene(String projectId, String sceneId) {
        return new OwnerScope(OwnerType.SCENE, null, projectId, sceneId);
    }

    public OwnerScope withUser(String userId) {
        return new OwnerScope(type, Objects.requireNonNull(userId, "userId"), projectId, sceneId);
    }

    /**
     * Whether parts parsed from a key belong to this owner, comparing ids exactly. A user id is only
     * compared for project and scene scopes when both sides know it. Legacy templates that decorate
     * ids compare through {@link KeyTemplate#claimedBy} instead.
     */
    public boolean claims(KeyParts parsed) {
        return switch (type) {
            case USER -> userId.equals(parsed.userId());
            case PROJECT -> projectId.equals(parsed.projectId()) && sameUserIfKnown(parsed);
            case SCENE -> projectId.equals(parsed.projectId()) && sceneId.equals(parsed.sceneId())
                    && sameUserIfKnown(parsed);
        };
    }

    private boolean sameUserIfKnown(KeyParts parsed) {
        return userId == null || parsed.userId() == null || userId.equals(parsed.userId());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
