package dev.custodian.ledger.entity;

import dev.custodian.keys.entity.KeyParts;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One object of the ledger.
 *
 * <p>Lifecycle, each arrow an {@link ObjectTransition} (the only way a row's state changes):
 * <pre>
 *   pending ──CONFIRM_UPLOAD──▶ active ──QUARANTINE──▶ quarantined ──RESTORE──▶ active
 *                               active ──MARK_MISSING──▶ missing
 *   pending | active | missing | quarantined | delete_failed ──MARK_DELETING──▶ deleting
 *   deleting ──CONFIRM_DELETED──▶ deleted      deleting ──GIVE_UP──▶ delete_failed
 *   deleting ──RELEASE_PARKED──▶ active        any but deleted ──FORGET──▶ deleted
 *   deleting ──HOLD──▶ held ──RELEASE_HOLD──▶ deleting   (Object Lock keeps a version)
 *   active ──CONFIRM_DELETED_UNCLAIMED──▶ deleted   (an owner's chunk, sent to the store unclaimed)
 * </pre>
 * A record is created {@link ObjectState#PENDING} before any byte is stored (so a crash between
 * store and ledger leaves a record that the pending-upload resolver settles); {@code deleted} is
 * final: the row leaves {@code stored_object} and its proof is kept in {@code deleted_object}
 * (read back with {@link #PROOF_COLUMNS}), so this entity maps live records only. A pending claim
 * whose bytes never arrive is removed, not moved.
 *
 * <p>Invariants: the key is the canonical key of the owner fields, or a legacy key the record was
 * adopted from; at most one record holds a given bucket and key (a unique index enforces it; its
 * predicate {@code state <> 'deleted'}, from when deleted rows stayed, is now always true).
 *
 * <p>An instance is a read of a row, or a claim not yet inserted ({@link #pending}): nothing sets
 * its fields after that. Every change of a row is an event of the ledger's writers in
 * {@code ledger.control}, in SQL, never a JPA write ({@code StoredObjectWritersTest} holds both).
 */
@Entity
@Table(name = "stored_object")
@NamedQuery(name = "StoredObject.liveByKey",
        query = "select o from StoredObject o where o.bucket = :bucket and o.key = :key"
                + " and o.state <> dev.custodian.ledger.entity.ObjectState.DELETED")
@NamedQuery(name = "StoredObject.pendingBefore",
        query = "select o from StoredObject o where o.state = dev.custodian.ledger.entity.ObjectState.PENDING"
                + " and o.createdAt < :cutoff and o.id > :after order by o.id")
public class StoredObject {

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false)
    private String bucket;

    @Column(name = "object_key", nullable = false, updatable = false)
    private String key;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "project_id")
    private String projectId;

    @Column(name = "scene_id")
    private String sceneId;

    @Column(name = "file_type")
    private String fileType;

    private String filename;

    @Column(name = "content_type")
    private String contentType;

    @Column(name = "size_bytes")
    private Long sizeBytes;

    private String etag;

    @Column(name = "retention_class", nullable = false)
    private RetentionClass retentionClass;

    @Column(name = "job_id")
    private String jobId;

    /** A JSON object as text; the API layer parses and renders it. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String metadata;

    @Column(nullable = false)
    private ObjectState state;

    @Column(name = "deletion_id")
    private UUID deletionId;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "last_error_code")
    private String lastErrorCode;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    /** While a replace upload's bytes travel: the drain leaves the key alone until then. */
    @Column(name = "replacing_until")
    private Instant replacingUntil;

    /** Every mapped column, in the order {@link #read} takes them. */
    public static final String COLUMNS = "id, bucket, object_key, user_id, project_id, scene_id, file_type, filename,"
            + " content_type, size_bytes, etag, retention_class, job_id, metadata, state, deletion_id, attempts,"
            + " next_attempt_at, last_error, last_error_code, created_at, updated_at, expires_at, deleted_at,"
            + " replacing_until";

    /**
     * {@link #COLUMNS} of a deleted record, read from its proof in {@code deleted_object}: state
     * {@code deleted}, nothing due, no attempts counted.
     */
    public static final String PROOF_COLUMNS = "id, bucket, object_key, user_id, project_id, scene_id, file_type,"
            + " filename, content_type, size_bytes, etag, retention_class, job_id, metadata, 'deleted', deletion_id, 0,"
            + " null::timestamptz, last_error, last_error_code, created_at, updated_at, expires_at, deleted_at,"
            + " null::timestamptz";

    protected StoredObject() {
        // for JPA
    }

    /**
     * The record in the current row of a plain-SQL read of {@link #COLUMNS}: on the hot paths a
     * Hibernate load cost five times the statement. Detached: a change goes through an event of
     * the ledger.
     */
    public static StoredObject read(ResultSet row) throws SQLException {
        StoredObject object = new StoredObject();
        object.id = row.getObject(1, UUID.class);
        object.bucket = row.getString(2);
        object.key = row.getString(3);
        object.userId = row.getString(4);
        object.projectId = row.getString(5);
        object.sceneId = row.getString(6);
        object.fileType = row.getString(7);
        object.filename = row.getString(8);
        object.contentType = row.getString(9);
        object.sizeBytes = row.getObject(10, Long.class);
        object.etag = row.getString(11);
        object.retentionClass = RetentionClass.fromWireName(row.getString(12));
        object.jobId = row.getString(13);
        object.metadata = row.getString(14);
        object.state = ObjectState.fromWireName(row.getString(15));
        object.deletionId = row.getObject(16, UUID.class);
        object.attempts = row.getInt(17);
        object.nextAttemptAt = instant(row, 18);
        object.lastError = row.getString(19);
        object.lastErrorCode = row.getString(20);
        object.createdAt = instant(row, 21);
        object.updatedAt = instant(row, 22);
        object.expiresAt = instant(row, 23);
        object.deletedAt = instant(row, 24);
        object.replacingUntil = instant(row, 25);
        return object;
    }

    /** The record in the first row of a plain-SQL read of {@link #COLUMNS}; empty when there is none. */
    public static Optional<StoredObject> readFirst(ResultSet rows) throws SQLException {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /**
     * A new record in state {@link ObjectState#PENDING}: the key is claimed, the bytes are not yet
     * confirmed.
     */
    public static StoredObject pending(String bucket, String key, KeyParts owner, String contentType,
                                       Long announcedSize, RetentionClass retentionClass, String jobId,
                                       String metadataJson, Instant now) {
        StoredObject object = new StoredObject();
        object.id = UUID.randomUUID();
        object.bucket = Objects.requireNonNull(bucket);
        object.key = Objects.requireNonNull(key);
        object.userId = owner.userId();
        object.projectId = owner.projectId();
        object.sceneId = owner.sceneId();
        object.fileType = owner.fileType();
        object.filename = owner.filename();
        object.contentType = contentType;
        object.sizeBytes = announcedSize;
        object.retentionClass = Objects.requireNonNull(retentionClass);
        object.jobId = jobId;
        object.metadata = metadataJson == null ? "{}" : metadataJson;
        object.state = ObjectState.PENDING;
        object.createdAt = now;
        object.updatedAt = now;
        return object;
    }

    /** Whether a replace upload holds this record at {@code now}. */
    public boolean isBeingReplaced(Instant now) {
        return replacingUntil != null && replacingUntil.isAfter(now);
    }

    public UUID id() {
        return id;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    public String userId() {
        return userId;
    }

    public String projectId() {
        return projectId;
    }

    public String sceneId() {
        return sceneId;
    }

    public String fileType() {
        return fileType;
    }

    public String filename() {
        return filename;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * The name to serve the content under as an attachment when a browser must not show it
     * inline ({@link ContentTypes#mustBeDownloaded}); null when it may.
     */
    public String attachmentName() {
        if (!ContentTypes.mustBeDownloaded(contentType)) {
            return null;
        }
        return filename != null ? filename : key.substring(key.lastIndexOf('/') + 1);
    }

    public Long sizeBytes() {
        return sizeBytes;
    }

    public String etag() {
        return etag;
    }

    public RetentionClass retentionClass() {
        return retentionClass;
    }

    public String jobId() {
        return jobId;
    }

    public String metadataJson() {
        return metadata;
    }

    public ObjectState state() {
        return state;
    }

    public UUID deletionId() {
        return deletionId;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String lastError() {
        return lastError;
    }

    public String lastErrorCode() {
        return lastErrorCode;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant deletedAt() {
        return deletedAt;
    }
}
