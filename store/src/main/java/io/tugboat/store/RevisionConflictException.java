package io.tugboat.store;

/**
 * An update or delete expected a modification revision the key no longer has. {@code current} is the
 * key as it is now, so that the caller can retry without another read.
 */
public final class RevisionConflictException extends StoreException {
    private final KeyValue current;
    private final long expectedModRevision;

    public RevisionConflictException(KeyValue current, long expectedModRevision) {
        super("key " + current.key() + " is at revision " + current.modRevision() + ", expected " + expectedModRevision);
        this.current = current;
        this.expectedModRevision = expectedModRevision;
    }

    public KeyValue current() {
        return current;
    }

    public long expectedModRevision() {
        return expectedModRevision;
    }
}
