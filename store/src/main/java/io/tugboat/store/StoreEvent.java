package io.tugboat.store;

/** A change seen by a watch, in revision order. */
public sealed interface StoreEvent {

    /** The revision at which this change was committed. */
    long revision();

    String key();

    /** A create or an update. {@code previous} is null for a create. */
    record Put(KeyValue current, KeyValue previous) implements StoreEvent {
        @Override
        public long revision() {
            return current.modRevision();
        }

        @Override
        public String key() {
            return current.key();
        }

        public boolean isCreate() {
            return previous == null;
        }
    }

    /** A delete at {@code revision}; {@code previous} is the value the key held just before. */
    record Delete(KeyValue previous, long revision) implements StoreEvent {
        @Override
        public String key() {
            return previous.key();
        }
    }
}
