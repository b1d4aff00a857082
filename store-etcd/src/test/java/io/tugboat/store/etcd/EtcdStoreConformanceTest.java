package io.tugboat.store.etcd;

import io.tugboat.store.Store;
import io.tugboat.store.StoreConformanceTest;
import io.tugboat.testkit.EtcdServer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract against a real etcd. One etcd serves the whole class; each test's store gets a key
 * prefix of its own, so it starts empty (revisions and compaction are etcd-wide, which the kit allows).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtcdStoreConformanceTest extends StoreConformanceTest {
    private EtcdServer etcd;
    private final Map<Store, String> prefixes = new IdentityHashMap<>();
    private int opened;

    @BeforeAll
    void startEtcd() {
        etcd = EtcdServer.start();
    }

    @AfterAll
    void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Store newStore() {
        return open("/conformance-" + (++opened) + "/");
    }

    @Override
    protected Store reopen(Store store) {
        String prefix = prefixes.remove(store);
        store.close();
        return open(prefix);
    }

    private Store open(String prefix) {
        Store store = new EtcdStore(EtcdStoreConfig.of(etcd.clientEndpoints()).withKeyPrefix(prefix));
        prefixes.put(store, prefix);
        return store;
    }
}
