package io.tugboat.cli;

import io.tugboat.store.Store;
import io.tugboat.store.etcd.EtcdStore;
import io.tugboat.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the cluster keeps its state, as given on the command line: {@code sqlite:///path/to/state.db}
 * (the default, embedded) or {@code etcd://host1:2379,host2:2379} (a real etcd cluster).
 */
record DataStoreSpec(String scheme, Path sqliteFile, List<String> etcdEndpoints) {

    static DataStoreSpec parse(String value, Path dataDir) {
        if (value == null || value.isEmpty()) {
            return new DataStoreSpec("sqlite", dataDir.resolve("state.db"), List.of());
        }
        if (value.startsWith("sqlite://")) {
            String path = value.substring("sqlite://".length());
            return new DataStoreSpec("sqlite", path.isEmpty() ? dataDir.resolve("state.db") : Path.of(path), List.of());
        }
        if (value.startsWith("etcd://") || value.startsWith("etcds://")) {
            boolean tls = value.startsWith("etcds://");
            String hosts = value.substring(value.indexOf("://") + 3);
            List<String> endpoints = new ArrayList<>();
            for (String h : hosts.split(",")) {
                if (!h.isBlank()) {
                    endpoints.add((tls ? "https://" : "http://") + h.trim());
                }
            }
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("--datastore etcd:// needs at least one host:port");
            }
            return new DataStoreSpec("etcd", null, endpoints);
        }
        throw new IllegalArgumentException("--datastore must be sqlite:///path or etcd://host:port[,host:port...], got '" + value + "'");
    }

    Store open() {
        return switch (scheme) {
            case "sqlite" -> new SqliteStore(sqliteFile);
            case "etcd" -> new EtcdStore(etcdEndpoints);
            default -> throw new IllegalStateException(scheme);
        };
    }

    String describe() {
        return scheme.equals("sqlite") ? "sqlite " + sqliteFile : "etcd " + String.join(",", etcdEndpoints);
    }
}
