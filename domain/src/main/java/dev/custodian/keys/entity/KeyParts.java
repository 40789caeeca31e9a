package dev.custodian.keys.entity;

/**
 * The owner fields and name an object key encodes. Any field may be null: a parsed legacy key knows
 * no user, a user file knows no project. Values are not validated here; building a canonical key does.
 */
public record KeyParts(String userId, String projectId, String sceneId, String fileType, String filename) {

    /** The text after the filename's last dot, or null when it has none (or nothing follows it). */
    public String ext() {
        if (filename == null) {
            return null;
        }
        int dot = filename.lastIndexOf('.');
        return dot < 0 || dot == filename.length() - 1 ? null : filename.substring(dot + 1);
    }
}
