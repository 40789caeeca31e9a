package dev.custodian.deletion.entity;

import dev.custodian.keys.entity.OwnerScope;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What one deletion covers. Owner scopes carry the owner's ids. A project (or scene) belongs to
 * its user: with {@code userId} the scope is that user's project only, without it the project of
 * no known user (legacy records and keys that name none). {@code unattributed} says whether
 * records and legacy keys that name no user count as this owner's: only when the ledger knows the
 * project under no other user, so one user's deletion never takes what may be another's.
 */
public record DeletionScope(ScopeType type, String userId, String projectId, String sceneId, UUID objectId,
                            String jobId, boolean unattributed) {

    public DeletionScope(ScopeType type, String userId, String projectId, String sceneId, UUID objectId,
                         String jobId) {
        this(type, userId, projectId, sceneId, objectId, jobId, false);
    }

    public static DeletionScope user(String userId) {
        return new DeletionScope(ScopeType.USER, userId, null, null, null, null);
    }

    /** A project as the caller names it; {@link #ownedAmong} settles whose it is before anything is planned. */
    public static DeletionScope project(String projectId, String userId) {
        return new DeletionScope(ScopeType.PROJECT, userId, projectId, null, null, null, userId == null);
    }

    /** A scene as the caller names it; {@link #ownedAmong} settles whose it is before anything is planned. */
    public static DeletionScope scene(String projectId, String sceneId, String userId) {
        return new DeletionScope(ScopeType.SCENE, userId, projectId, sceneId, null, null, userId == null);
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

    /**
     * This project or scene scope as the owner it names among the users the ledger knows the
     * project under. Named with a user, it is that user's, and takes what names no user only when
     * no other user is known; named without one, it is the one known user's, or the project of no
     * known user when none is known.
     *
     * @throws AmbiguousOwnerException when no user is named and several are known: never a guess
     */
    public DeletionScope ownedAmong(Collection<String> knownUsers) {
        if (type != ScopeType.PROJECT && type != ScopeType.SCENE) {
            throw new IllegalStateException(type + " scopes have no project owner");
        }
        if (userId != null) {
            return owned(userId, knownUsers.stream().allMatch(userId::equals));
        }
        List<String> users = knownUsers.stream().sorted().toList();
        return switch (users.size()) {
            case 0 -> owned(null, true);
            case 1 -> owned(users.get(0), true);
            default -> throw new AmbiguousOwnerException(projectId, users);
        };
    }

    private DeletionScope owned(String owner, boolean withUnattributed) {
        return new DeletionScope(type, owner, projectId, sceneId, null, null, withUnattributed);
    }

    /** The owner, for owner scopes, with the project's user when it is known. */
    public Optional<OwnerScope> owner() {
        return switch (type) {
            case USER -> Optional.of(OwnerScope.user(userId));
            case PROJECT -> Optional.of(userId == null ? OwnerScope.project(projectId)
                    : OwnerScope.project(projectId).withUser(userId));
            case SCENE -> Optional.of(userId == null ? OwnerScope.scene(projectId, sceneId)
                    : OwnerScope.scene(projectId, sceneId).withUser(userId));
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
