package io.tugboat.store.sqlite;

import io.tugboat.store.Store;
import io.tugboat.store.StoreConformanceTest;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreConformanceTest extends StoreConformanceTest {
    @TempDir
    Path dir;
    private final Map<Store, Path> files = new IdentityHashMap<>();
    private int opened;

    @Override
    protected Store newStore() {
        Path file = dir.resolve("store-" + (++opened) + ".db");
        return remember(new SqliteStore(file), file);
    }

    @Override
    protected Store reopen(Store store) {
        Path file = files.remove(store);
        store.close();
        return remember(new SqliteStore(file), file);
    }

    private Store remember(Store store, Path file) {
        files.put(store, file);
        return store;
    }
}
