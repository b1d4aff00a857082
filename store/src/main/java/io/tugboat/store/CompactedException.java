package io.tugboat.store;

/** A read or watch asked for a revision older than the oldest one the store still holds. */
public final class CompactedException extends StoreException {
    private final long requestedRevision;
    private final long compactedRevision;

    public CompactedException(long requestedRevision, long compactedRevision) {
        super("revision " + requestedRevision + " is no longer available: history has been compacted up to revision "
                + compactedRevision);
        this.requestedRevision = requestedRevision;
        this.compactedRevision = compactedRevision;
    }

    public long requestedRevision() {
        return requestedRevision;
    }

    public long compactedRevision() {
        return compactedRevision;
    }
}
