package io.tugboat.apiserver.services;

import java.util.ArrayList;
import java.util.List;

/**
 * The claims one write made and the ones it gives up, settled when the write lands (give up the old ones)
 * or fails (give back the new ones).
 */
final class PendingClaims {

    private record Item(ClaimBook book, String item) {
    }

    private final ClaimOwner owner;
    private final List<Item> claimed = new ArrayList<>();
    private final List<Item> released = new ArrayList<>();

    PendingClaims(ClaimOwner owner) {
        this.owner = owner;
    }

    void claimed(ClaimBook book, String item) {
        claimed.add(new Item(book, item));
    }

    void releaseOnCommit(ClaimBook book, String item) {
        released.add(new Item(book, item));
    }

    void commit() {
        released.forEach(i -> i.book().release(i.item(), owner));
        released.clear();
        claimed.clear();
    }

    void rollback() {
        claimed.forEach(i -> i.book().release(i.item(), owner));
        claimed.clear();
        released.clear();
    }
}
