package io.tugboat.store.support;

import io.tugboat.store.StoreUnavailableException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The argument and state checks every engine makes the same way at the top of each operation. */
public final class StoreGuards {

    private StoreGuards() {
    }

    public static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key must not be null or empty");
        }
    }

    public static void requireOpen(AtomicBoolean closed) {
        if (closed.get()) {
            throw new StoreUnavailableException("store is closed", null);
        }
    }
}
