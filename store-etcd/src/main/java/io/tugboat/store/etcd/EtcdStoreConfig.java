package io.tugboat.store.etcd;

import java.time.Duration;
import java.util.List;

/**
 * How to reach etcd.
 *
 * @param endpoints       client URLs such as {@code http://127.0.0.1:2379}
 * @param keyPrefix       prepended to every key, so that several clusters (or tests) can share one etcd;
 *                        "" for none. Keys and prefixes seen through the store never include it.
 * @param requestTimeout  how long one request may take before the store reports itself unavailable
 * @param maxWatchBacklog how many events a watch may fall behind before it is ended with onError
 */
public record EtcdStoreConfig(List<String> endpoints, String keyPrefix, Duration requestTimeout, int maxWatchBacklog) {

    public EtcdStoreConfig {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        if (keyPrefix == null) {
            throw new IllegalArgumentException("keyPrefix must not be null (use \"\" for none)");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
        if (maxWatchBacklog <= 0) {
            throw new IllegalArgumentException("maxWatchBacklog must be positive: " + maxWatchBacklog);
        }
    }

    public static EtcdStoreConfig of(List<String> endpoints) {
        return new EtcdStoreConfig(endpoints, "", Duration.ofSeconds(10), 100_000);
    }

    public EtcdStoreConfig withKeyPrefix(String prefix) {
        return new EtcdStoreConfig(endpoints, prefix, requestTimeout, maxWatchBacklog);
    }

    public EtcdStoreConfig withRequestTimeout(Duration timeout) {
        return new EtcdStoreConfig(endpoints, keyPrefix, timeout, maxWatchBacklog);
    }
}
