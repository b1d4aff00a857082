package io.tugboat.store;

import java.util.Arrays;

/**
 * One key at one revision. {@code createRevision} is the revision that created the key (unchanged by
 * updates); {@code modRevision} the revision of its latest write. Revisions are global: every write
 * anywhere in the store takes the next one.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv
                && key.equals(kv.key)
                && Arrays.equals(value, kv.value)
                && createRevision == kv.createRevision
                && modRevision == kv.modRevision;
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Long.hashCode(modRevision);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + " create=" + createRevision + " mod=" + modRevision + " " + value.length + "B]";
    }
}
