package io.tugboat.store.sqlite;

/**
 * Key ranges for prefix scans. SQLite compares TEXT byte-wise on its UTF-8 form, which is code point
 * order, so the keys that start with a prefix are exactly those from the prefix up to (excluding) the
 * prefix with its last code point raised by one.
 */
final class KeyRanges {
    private KeyRanges() {
    }

    /** The smallest key above every key that starts with {@code prefix}, or null if there is none. */
    static String prefixEnd(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            int next = codePoints[i] + 1;
            if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
                next = Character.MAX_SURROGATE + 1; // surrogates are not code points of their own
            }
            if (next <= Character.MAX_CODE_POINT) {
                return new String(codePoints, 0, i) + Character.toString(next);
            }
            // the last code point is already the highest: raise the one before it instead
        }
        return null;
    }
}
