package io.tugboat.store.sqlite;

import io.tugboat.store.KeyValue;
import java.util.concurrent.CompletableFuture;

/** A request to the writer thread; the caller waits on {@link #result()}. */
sealed interface WriteOp {

    CompletableFuture<?> result();

    /** A write of one key: takes one revision if its precondition holds. */
    sealed interface Mutation extends WriteOp {
        String key();
    }

    record Create(String key, byte[] value, CompletableFuture<KeyValue> result) implements Mutation {
    }

    record Update(String key, byte[] value, long expectedModRevision, CompletableFuture<KeyValue> result)
            implements Mutation {
    }

    record Delete(String key, long expectedModRevision, CompletableFuture<Long> result) implements Mutation {
    }

    record Compact(long revision, CompletableFuture<Long> result) implements WriteOp {
    }
}
