package io.tugboat.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.store.KeyExistsException;
import io.tugboat.store.KeyNotFoundException;
import io.tugboat.store.KeyValue;
import io.tugboat.store.RevisionConflictException;
import io.tugboat.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Claims on items of one kind (cluster IPs, node ports), one store key per item, so that a claim is a
 * create-if-absent: two API servers on one etcd can never hand out the same item (Kubernetes' IPAddress
 * objects work the same way).
 */
final class ClaimBook {

    private final Store store;
    private final String kind;
    private final String prefix;
    private final Clock clock;

    ClaimBook(Store store, String kind, Clock clock) {
        this.store = store;
        this.kind = kind;
        this.prefix = "/tugboat/claims/" + kind + "/";
        this.clock = clock;
    }

    /** What is claimed here, for messages: "clusterips", "nodeports". */
    String kind() {
        return kind;
    }

    /** Claims {@code item} for {@code owner}: true if it is now the owner's (newly or already), false if someone else's. */
    boolean claim(String item, ClaimOwner owner) {
        try {
            store.create(prefix + item, encode(owner, clock.instant()));
            return true;
        } catch (KeyExistsException e) {
            return find(item).map(c -> c.owner().uid().equals(owner.uid())).orElseGet(() -> claim(item, owner));
        }
    }

    boolean taken(String item) {
        return store.get(prefix + item).isPresent();
    }

    /** Gives {@code item} back if {@code owner} holds it; a claim that passed to another owner is left alone. */
    void release(String item, ClaimOwner owner) {
        Optional<KeyValue> kv = store.get(prefix + item);
        if (kv.isEmpty() || !decode(item, kv.get()).owner().uid().equals(owner.uid())) {
            return;
        }
        try {
            store.delete(prefix + item, kv.get().modRevision());
        } catch (KeyNotFoundException | RevisionConflictException e) {
            // released or re-claimed meanwhile: nothing of ours to give back
        }
    }

    Optional<Claim> find(String item) {
        return store.get(prefix + item).map(kv -> decode(item, kv));
    }

    List<Claim> all() {
        List<Claim> claims = new ArrayList<>();
        for (KeyValue kv : store.list(prefix, null, 0, 0).items()) {
            claims.add(decode(kv.key().substring(prefix.length()), kv));
        }
        return claims;
    }

    private static byte[] encode(ClaimOwner owner, Instant at) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("namespace", owner.namespace());
        node.put("name", owner.name());
        node.put("uid", owner.uid());
        node.put("claimedAt", at.toString());
        return Json.bytes(node);
    }

    private static Claim decode(String item, KeyValue kv) {
        JsonNode node = Json.object(kv.value());
        return new Claim(item, new ClaimOwner(node.path("namespace").asText(), node.path("name").asText(), node.path("uid").asText()),
                Instant.parse(node.path("claimedAt").asText(Instant.EPOCH.toString())));
    }
}
