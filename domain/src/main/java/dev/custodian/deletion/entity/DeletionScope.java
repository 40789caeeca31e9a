package dev.custodian.deletion.entity;

import dev.custodian.keys.entity.OwnerScope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What one deletion covers. Owner scopes carry the owner's ids; {@code userId} on a project or
 * scene scope is a hint that names the canonical prefix when the ledger knows no object of it.
 */
public record DeletionScope(ScopeType type, String userId, String projectId, String sceneId, UUID objectId,
                            String jobId) {

    public static DeletionScope user(String userId) {
        return new DeletionScope(ScopeType.USER, userId, null, null, null, null);
    }

    public static DeletionScope project(String projectId, String userHint) {
        return new DeletionScope(ScopeType.PROJECT, userHint, projectId, null, null, null);
    }

    public static DeletionScope scene(String projectId, String sceneId, String userHint) {
        return new DeletionScope(ScopeType.SCENE, userHint, projectId, sceneId, null, null);
    }

    public static DeletionScope object(UUID objectId) {
        return new DeletionScope(ScopeType.OBJECT, null, null, null, objectId, null);
    }

    public static DeletionScope job(String jobId) {
        return new DeletionScope(ScopeType.JOB, null, null, null, null, jobId);
    }

    /** Every active object whose {@code expires_at} has passed. */
    public static DeletionScope expired() {
        return new DeletionScope(ScopeType.RETENTION, null, null, null, null, null);
    }

    /** The owner, for owner scopes (without the user hint: ownership of keys never depends on it). */
    public Optional<OwnerScope> owner() {
        return switch (type) {
            case USER -> Optional.of(OwnerScope.user(userId));
            case PROJECT -> Optional.of(OwnerScope.project(projectId));
            case SCENE -> Optional.of(OwnerScope.scene(projectId, sceneId));
            default -> Optional.empty();
        };
    }

    /** The tombstone's owner id: the user or project id, or {@code project/scene}. */
    public String tombstoneId() {
        return switch (type) {
            case USER -> userId;
            case PROJECT -> projectId;
            case SCENE -> projectId + "/" + sceneId;
            default -> throw new IllegalStateException(type + " scopes leave no tombstone");
        };
    }

    /** The scope as the API and webhooks show it: {@code type} and the ids that are set, in snake_case. */
    public Map<String, String> fields() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("type", type.wireName());
        putIfSet(shown, "user_id", userId);
        putIfSet(shown, "project_id", projectId);
        putIfSet(shown, "scene_id", sceneId);
        putIfSet(shown, "object_id", objectId == null ? null : objectId.toString());
        putIfSet(shown, "job_id", jobId);
        return shown;
    }

    private static void putIfSet(Map<String, String> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
