package io.tugboat.apiserver.openapi;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value computed on first use and kept: the documents cost a few hundred milliseconds to build and
 * most processes (agents, tests) never serve them. A lock rather than synchronized keeps virtual
 * threads unpinned while one of them builds.
 */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<? extends T> init;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile T value;

    Lazy(Supplier<? extends T> init) {
        this.init = init;
    }

    @Override
    public T get() {
        T v = value;
        if (v != null) {
            return v;
        }
        lock.lock();
        try {
            if (value == null) {
                value = Objects.requireNonNull(init.get(), "lazy value");
            }
            return value;
        } finally {
            lock.unlock();
        }
    }
}
