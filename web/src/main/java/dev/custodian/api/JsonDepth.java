package dev.custodian.api;

/**
 * How deeply a JSON text nests, read without parsing it: a parser recurses per level, so a body of
 * a few thousand brackets must be refused before any parser sees it. No request of this API nests
 * deeper than a handful of levels.
 */
public final class JsonDepth {

    /** The deepest nesting any request body or JSON form field may have. */
    public static final int MAX = 32;

    private JsonDepth() {
    }

    /** Whether the text nests objects and arrays deeper than {@link #MAX}; brackets inside strings do not count. */
    public static boolean tooDeep(CharSequence text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX) {
                    return true;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return false;
    }
}
