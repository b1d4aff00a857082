package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusException;
import io.tugboat.store.CompactedException;
import io.tugboat.store.KeyExistsException;
import io.tugboat.store.KeyNotFoundException;
import io.tugboat.store.KeyValue;
import io.tugboat.store.ListResult;
import io.tugboat.store.RevisionConflictException;
import io.tugboat.store.Store;
import io.tugboat.store.StoreUnavailableException;
import io.tugboat.store.Watch;
import io.tugboat.store.WatchListener;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The generic storage behaviour every kind shares, over the store: keys, resourceVersion (the store's
 * modification revision), uid, creationTimestamp, generation, status handling, optimistic concurrency,
 * graceful deletion and finalizers. Kind-specific rules come from {@link ObjectPreparer} and {@link KindRules}.
 */
public final class ObjectRegistry {

    /** etcd's default request limit, which Kubernetes inherits as its object size limit. */
    public static final int MAX_OBJECT_BYTES = 3 * 512 * 1024;
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int MAX_CONFLICT_RETRIES = 16;

    private final Store store;
    private final ObjectPreparer preparer;
    private final Clock clock;
    private final StorageHooks hooks;
    private final SecureRandom random = new SecureRandom();

    public ObjectRegistry(Store store, ObjectPreparer preparer, Clock clock) {
        this(store, preparer, clock, StorageHooks.NONE);
    }

    public ObjectRegistry(Store store, ObjectPreparer preparer, Clock clock, StorageHooks hooks) {
        this.store = store;
        this.preparer = preparer;
        this.clock = clock;
        this.hooks = hooks;
    }

    public long currentRevision() {
        return store.currentRevision();
    }

    // ---- reads ----

    public Optional<ObjectNode> find(ResourceType type, String namespace, String name) {
        return read(() -> store.get(ObjectKeys.key(type, namespace, name)).map(ObjectRegistry::decode));
    }

    public ObjectNode get(ResourceType type, String namespace, String name) {
        return find(type, namespace, name).orElseThrow(() -> StatusException.notFound(type.group(), type.plural(), name));
    }

    public ListPage list(ResourceType type, String namespace, ListOptions options) {
        String prefix = ObjectKeys.prefix(type, namespace);
        long revision = options.exactRevision();
        String startAfter = null;
        if (options.continueToken() != null && !options.continueToken().isEmpty()) {
            ContinueToken token = ContinueToken.decode(options.continueToken());
            revision = token.revision();
            startAfter = token.startAfter();
            if (!startAfter.startsWith(prefix)) {
                throw StatusException.badRequest("continue key is not valid: it does not belong to this list");
            }
        }
        String exactName = options.fields().exactValue("metadata.name");
        if (exactName != null && startAfter == null && (namespace != null || !type.namespaced())) {
            return listOne(type, namespace, exactName, options, revision);
        }
        List<ObjectNode> items = new ArrayList<>();
        int limit = options.limit();
        int pageSize = limit > 0 ? Math.max(limit, 100) : 0;
        try {
            while (true) {
                ListResult page = store.list(prefix, startAfter, pageSize, revision);
                revision = page.revision();
                for (KeyValue kv : page.items()) {
                    startAfter = kv.key();
                    ObjectNode obj = decode(kv);
                    if (matches(type, obj, options)) {
                        items.add(obj);
                        if (limit > 0 && items.size() == limit) {
                            boolean more = page.more() || !kv.equals(page.items().get(page.items().size() - 1));
                            String next = more ? new ContinueToken(revision, kv.key()).encode() : null;
                            return new ListPage(items, revision, next, null);
                        }
                    }
                }
                if (!page.more() || pageSize == 0) {
                    return new ListPage(items, revision, null, null);
                }
            }
        } catch (CompactedException e) {
            throw StatusException.expired("The provided continue parameter is too old to display a consistent list result. "
                    + "You can start a new list without the continue parameter, or use the continue token in this response "
                    + "to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list.");
        } catch (StoreUnavailableException e) {
            throw unavailable(e);
        }
    }

    private ListPage listOne(ResourceType type, String namespace, String name, ListOptions options, long revision) {
        String key = ObjectKeys.key(type, namespace, name);
        ListResult page = read(() -> store.list(key, null, 0, revision));
        List<ObjectNode> items = new ArrayList<>();
        for (KeyValue kv : page.items()) {
            if (kv.key().equals(key)) {
                ObjectNode obj = decode(kv);
                if (matches(type, obj, options)) {
                    items.add(obj);
                }
            }
        }
        return new ListPage(items, page.revision(), null, null);
    }

    public boolean matches(ResourceType type, ObjectNode obj, ListOptions options) {
        return options.labels().matches(Meta.labels(obj)) && options.fields().matches(FieldIndex.values(type, obj));
    }

    public Watch watch(ResourceType type, String namespace, long afterRevision, WatchListener listener) {
        try {
            return store.watch(ObjectKeys.prefix(type, namespace), afterRevision, listener);
        } catch (CompactedException e) {
            throw StatusException.expired("too old resource version: " + afterRevision + " (" + (e.compactedRevision() + 1) + ")");
        } catch (StoreUnavailableException e) {
            throw unavailable(e);
        }
    }

    // ---- writes ----

    /** Stores a new object. {@code object} has passed the request checks; its namespace is set. */
    public ObjectNode create(ResourceType type, ObjectNode object, boolean dryRun) {
        ObjectNode meta = Meta.metadata(object);
        if (meta.hasNonNull("resourceVersion") && !meta.get("resourceVersion").asText().isEmpty()) {
            throw StatusException.badRequest("resourceVersion should not be set on objects to be created");
        }
        boolean generated = !meta.hasNonNull("name") || meta.get("name").asText().isEmpty();
        if (generated && meta.hasNonNull("generateName")) {
            meta.put("name", meta.get("generateName").asText() + randomSuffix());
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Meta.timestamp(clock.instant()));
        meta.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
        if (KindRules.tracksGeneration(type)) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        KindRules.prepareStatusForCreate(type, object);
        String name = Meta.name(object);
        String key = ObjectKeys.key(type, Meta.namespace(object), name);
        StorageHooks.Admitted admitted = hooks.beforeCreate(type, preparer.prepare(type, object), dryRun);
        ObjectNode prepared = admitted.object();
        boolean stored = false;
        try {
            byte[] bytes = encode(prepared);
            if (dryRun) {
                return prepared;
            }
            KeyValue kv = store.create(key, bytes);
            stored = true;
            return withVersion(prepared, kv.modRevision());
        } catch (KeyExistsException e) {
            throw StatusException.alreadyExists(type.group(), type.plural(), name);
        } catch (StoreUnavailableException e) {
            throw unavailable(e);
        } finally {
            (stored ? admitted.commit() : admitted.rollback()).run();
        }
    }

    /**
     * Replaces an object (PUT). With {@code statusOnly}, only the status is taken from {@code object}; otherwise
     * the status is kept as stored for kinds with a status subresource. A non-empty resourceVersion in the
     * body must match the stored one.
     */
    public ObjectNode update(ResourceType type, String namespace, String name, ObjectNode object, boolean statusOnly,
            boolean dryRun) {
        String expected = Meta.resourceVersion(object);
        return guaranteedUpdate(type, namespace, name, expected, statusOnly, dryRun, current -> object.deepCopy());
    }

    /**
     * Reads the object, applies {@code mutation} to a copy and writes the result, retrying on a concurrent
     * change. {@code expectedVersion} (if non-empty) pins the version the caller based its change on: a
     * mismatch is a 409 rather than a retry.
     */
    public ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, String expectedVersion,
            boolean statusOnly, boolean dryRun, UnaryOperator<ObjectNode> mutation) {
        return guaranteedUpdate(type, namespace, name, expectedVersion, statusOnly ? Scope.STATUS : Scope.MAIN, dryRun, mutation);
    }

    /**
     * As {@link #guaranteedUpdate}, but the mutation may change the object and its status in one write: for
     * server-side operations such as pods/binding, which sets spec.nodeName and the PodScheduled condition at once.
     */
    public ObjectNode guaranteedUpdateWithStatus(ResourceType type, String namespace, String name, String expectedVersion,
            boolean dryRun, UnaryOperator<ObjectNode> mutation) {
        return guaranteedUpdate(type, namespace, name, expectedVersion, Scope.ALL, dryRun, mutation);
    }

    /** Which part of the object an update may change. */
    private enum Scope { MAIN, STATUS, ALL }

    private ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, String expectedVersion,
            Scope scope, boolean dryRun, UnaryOperator<ObjectNode> mutation) {
        String key = ObjectKeys.key(type, namespace, name);
        for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
            KeyValue currentKv = read(() -> store.get(key))
                    .orElseThrow(() -> StatusException.notFound(type.group(), type.plural(), name));
            ObjectNode current = decode(currentKv);
            if (expectedVersion != null && !expectedVersion.isEmpty()
                    && !expectedVersion.equals(Long.toString(currentKv.modRevision()))) {
                throw StatusException.conflict(type.group(), type.plural(), name,
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
            ObjectNode desired = mutation.apply(current.deepCopy());
            checkIdentity(type, namespace, name, desired);
            ObjectNode next = merge(type, current, desired, scope);
            ObjectNode prepared = preparer.prepare(type, next);
            if (Meta.isDeleting(prepared) && readyToRemove(type, prepared)) {
                if (dryRun) {
                    return withVersion(prepared, currentKv.modRevision());
                }
                try {
                    store.delete(key, currentKv.modRevision());
                    hooks.afterDelete(type, current);
                    return withVersion(prepared, currentKv.modRevision());
                } catch (RevisionConflictException e) {
                    continue;
                }
            }
            StorageHooks.Admitted admitted = hooks.beforeUpdate(type, current, prepared, dryRun);
            prepared = admitted.object();
            boolean stored = false;
            try {
                if (dryRun) {
                    return withVersion(prepared, currentKv.modRevision());
                }
                ObjectNode comparableCurrent = current.deepCopy();
                Meta.metadata(comparableCurrent).remove("resourceVersion");
                if (comparableCurrent.equals(prepared)) {
                    return current; // nothing changed: Kubernetes writes nothing and keeps the resourceVersion
                }
                KeyValue kv = store.update(key, encode(prepared), currentKv.modRevision());
                stored = true;
                return withVersion(prepared, kv.modRevision());
            } catch (RevisionConflictException e) {
                if (expectedVersion != null && !expectedVersion.isEmpty()) {
                    throw StatusException.conflict(type.group(), type.plural(), name,
                            "the object has been modified; please apply your changes to the latest version and try again");
                }
            } catch (KeyNotFoundException e) {
                throw StatusException.notFound(type.group(), type.plural(), name);
            } catch (StoreUnavailableException e) {
                throw unavailable(e);
            } finally {
                (stored ? admitted.commit() : admitted.rollback()).run();
            }
        }
        throw StatusException.conflict(type.group(), type.plural(), name, "too many concurrent changes; try again");
    }

    /** The object that results from a client's desired state: server-owned metadata is kept, status per subresource. */
    private ObjectNode merge(ResourceType type, ObjectNode current, ObjectNode desired, Scope scope) {
        boolean statusOnly = scope == Scope.STATUS;
        ObjectNode currentMeta = Meta.metadata(current);
        ObjectNode next;
        if (scope == Scope.ALL) {
            next = desired;
        } else if (statusOnly) {
            next = current.deepCopy();
            if (desired.has("status")) {
                next.set("status", desired.get("status"));
            } else {
                next.remove("status");
            }
        } else {
            next = desired;
            if (type.hasStatus()) {
                if (current.has("status")) {
                    next.set("status", current.get("status"));
                } else {
                    next.remove("status");
                }
            }
        }
        ObjectNode meta = Meta.metadata(next);
        for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation")) {
            if (currentMeta.has(field)) {
                meta.set(field, currentMeta.get(field));
            } else {
                meta.remove(field);
            }
        }
        meta.remove("resourceVersion");
        meta.remove("selfLink");
        if (Meta.isDeleting(current)) {
            // Once deleting, finalizers may only be removed, never added (as Kubernetes enforces).
            Set<String> allowed = Set.copyOf(Meta.finalizers(current));
            List<String> kept = Meta.finalizers(next).stream().filter(allowed::contains).toList();
            Meta.setFinalizers(next, kept);
        }
        if (KindRules.tracksGeneration(type) && !statusOnly
                && !Objects.equals(specOf(current), specOf(next))) {
            meta.put("generation", currentMeta.path("generation").asLong(0) + 1);
        }
        return next;
    }

    private static JsonNode specOf(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove(List.of("metadata", "status"));
        return copy;
    }

    private void checkIdentity(ResourceType type, String namespace, String name, ObjectNode desired) {
        String bodyName = Meta.name(desired);
        if (bodyName != null && !bodyName.equals(name)) {
            throw StatusException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
        Meta.metadata(desired).put("name", name);
        if (type.namespaced()) {
            String bodyNs = Meta.namespace(desired);
            if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
                throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            Meta.metadata(desired).put("namespace", namespace);
        } else {
            Meta.metadata(desired).remove("namespace");
        }
        desired.put("apiVersion", type.apiVersion());
        desired.put("kind", type.kind());
    }

    /** Whether an object marked for deletion may now leave the store. */
    private static boolean readyToRemove(ResourceType type, ObjectNode object) {
        if (!Meta.finalizers(object).isEmpty()) {
            return false;
        }
        if (type.kind().equals("Namespace")) {
            return object.path("spec").path("finalizers").isEmpty();
        }
        return object.path("metadata").path("deletionGracePeriodSeconds").asLong(0) == 0;
    }

    public DeleteOutcome delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        String key = ObjectKeys.key(type, namespace, name);
        for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
            KeyValue currentKv = read(() -> store.get(key))
                    .orElseThrow(() -> StatusException.notFound(type.group(), type.plural(), name));
            ObjectNode current = decode(currentKv);
            checkPreconditions(type, name, current, options);
            ObjectNode marked = current.deepCopy();
            ObjectNode meta = Meta.metadata(marked);
            meta.remove("resourceVersion");
            List<String> finalizers = new ArrayList<>(Meta.finalizers(current));
            String policy = options.propagationPolicy();
            if ("Foreground".equals(policy) && !finalizers.contains("foregroundDeletion")) {
                finalizers.add("foregroundDeletion");
            }
            if ("Orphan".equals(policy) && !finalizers.contains("orphan")) {
                finalizers.add("orphan");
            }
            Long grace = KindRules.gracePeriod(type, current, options.gracePeriodSeconds());
            boolean alreadyDeleting = Meta.isDeleting(current);
            boolean namespaceFinalizers = type.kind().equals("Namespace");
            boolean mustWait = !finalizers.isEmpty() || (grace != null && grace > 0) || namespaceFinalizers;
            if (!mustWait) {
                if (options.dryRun()) {
                    return new DeleteOutcome(current, true);
                }
                try {
                    store.delete(key, currentKv.modRevision());
                    hooks.afterDelete(type, current);
                    return new DeleteOutcome(current, true);
                } catch (RevisionConflictException e) {
                    continue;
                } catch (KeyNotFoundException e) {
                    throw StatusException.notFound(type.group(), type.plural(), name);
                } catch (StoreUnavailableException e) {
                    throw unavailable(e);
                }
            }
            long graceSeconds = grace == null ? 0 : grace;
            if (alreadyDeleting) {
                long currentGrace = meta.path("deletionGracePeriodSeconds").asLong(0);
                if (graceSeconds >= currentGrace && finalizers.equals(Meta.finalizers(current))) {
                    return new DeleteOutcome(current, false);
                }
            }
            Instant now = clock.instant();
            if (!alreadyDeleting || graceSeconds < meta.path("deletionGracePeriodSeconds").asLong(0)) {
                meta.put("deletionTimestamp", Meta.timestamp(now.plusSeconds(graceSeconds)));
                meta.put("deletionGracePeriodSeconds", graceSeconds);
            }
            Meta.setFinalizers(marked, finalizers);
            if (namespaceFinalizers) {
                marked.with("status").put("phase", "Terminating");
            }
            if (KindRules.tracksGeneration(type) && !alreadyDeleting) {
                meta.put("generation", meta.path("generation").asLong(0) + 1);
            }
            if (options.dryRun()) {
                return new DeleteOutcome(marked, false);
            }
            try {
                if (!namespaceFinalizers && finalizers.isEmpty() && graceSeconds == 0) {
                    store.delete(key, currentKv.modRevision());
                    hooks.afterDelete(type, current);
                    return new DeleteOutcome(marked, true);
                }
                KeyValue kv = store.update(key, encode(marked), currentKv.modRevision());
                return new DeleteOutcome(withVersion(marked, kv.modRevision()), false);
            } catch (RevisionConflictException e) {
                // re-read and decide again
            } catch (KeyNotFoundException e) {
                throw StatusException.notFound(type.group(), type.plural(), name);
            } catch (StoreUnavailableException e) {
                throw unavailable(e);
            }
        }
        throw StatusException.conflict(type.group(), type.plural(), name, "too many concurrent changes; try again");
    }

    /** Removes an object outright, whatever its finalizers: for the namespace finalizer once everything in it is gone. */
    public boolean remove(ResourceType type, String namespace, String name) {
        try {
            String key = ObjectKeys.key(type, namespace, name);
            Optional<KeyValue> current = store.get(key);
            if (current.isEmpty()) {
                return false;
            }
            store.delete(key, current.get().modRevision());
            hooks.afterDelete(type, decode(current.get()));
            return true;
        } catch (RevisionConflictException e) {
            return remove(type, namespace, name);
        } catch (KeyNotFoundException e) {
            return false;
        } catch (StoreUnavailableException e) {
            throw unavailable(e);
        }
    }

    private static void checkPreconditions(ResourceType type, String name, ObjectNode current, DeleteOptions options) {
        String uid = Meta.text(current, "uid");
        if (options.preconditionUid() != null && !options.preconditionUid().equals(uid)) {
            throw StatusException.conflict(type.group(), type.plural(), name, "Precondition failed: UID in precondition: "
                    + options.preconditionUid() + ", UID in object meta: " + uid);
        }
        String rv = Meta.resourceVersion(current);
        if (options.preconditionResourceVersion() != null && !options.preconditionResourceVersion().equals(rv)) {
            throw StatusException.conflict(type.group(), type.plural(), name,
                    "Precondition failed: ResourceVersion in precondition: " + options.preconditionResourceVersion()
                            + ", ResourceVersion in object meta: " + rv);
        }
    }

    // ---- encoding ----

    public static ObjectNode decode(KeyValue kv) {
        return withVersion(Json.object(kv.value()), kv.modRevision());
    }

    private static ObjectNode withVersion(ObjectNode object, long revision) {
        Meta.metadata(object).put("resourceVersion", Long.toString(revision));
        return object;
    }

    private static byte[] encode(ObjectNode object) {
        ObjectNode copy = object;
        if (object.path("metadata").has("resourceVersion")) {
            copy = object.deepCopy();
            Meta.metadata(copy).remove("resourceVersion");
        }
        byte[] bytes = Json.bytes(copy);
        if (bytes.length > MAX_OBJECT_BYTES) {
            throw StatusException.tooLarge("Request entity too large: the object is " + bytes.length
                    + " bytes, the limit is " + MAX_OBJECT_BYTES);
        }
        return bytes;
    }

    private String randomSuffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }

    private static <T> T read(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (StoreUnavailableException e) {
            throw unavailable(e);
        }
    }

    private static StatusException unavailable(StoreUnavailableException e) {
        return StatusException.unavailable("the storage is unavailable: " + e.getMessage(), 1);
    }
}
