package dev.custodian.keys.entity;

/**
 * A key admits more ways of being read under a template than are worth enumerating. Only hostile or
 * absurd keys get here; they must be treated as unreadable, never as whichever reading was found first.
 */
public final class KeyTooAmbiguousException extends RuntimeException {

    private final String key;

    public KeyTooAmbiguousException(String key, String templateName) {
        super("key has too many readings under template " + templateName + ": " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
