package io.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.patch.managed.FieldPath;
import io.tugboat.api.patch.managed.FieldSet;
import io.tugboat.api.patch.managed.ManagedFields;
import io.tugboat.api.patch.managed.ManagedFieldsEntry;
import io.tugboat.api.patch.managed.ManagedFieldsEntry.ManagerId;
import io.tugboat.api.patch.managed.ManagedFieldsEntry.Operation;
import io.tugboat.api.patch.managed.ObjectDiff;
import io.tugboat.api.patch.managed.ObjectPaths;
import io.tugboat.api.patch.managed.OwnedFields;
import io.tugboat.api.patch.managed.PathElement;
import io.tugboat.api.patch.schema.GroupKind;
import io.tugboat.api.patch.schema.KubernetesSchema;
import io.tugboat.api.patch.schema.PatchSchema;
import io.tugboat.api.patch.schema.TypeSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) and the field ownership every other write records in
 * {@code metadata.managedFields}, after Kubernetes' field manager and structured-merge-diff:
 *
 * <ul>
 *   <li>{@link #apply}: merges the configuration into the live object; the applier then owns exactly the fields
 *   it set; fields it owned before and no longer sets are removed unless another manager owns them; changing a
 *   field another manager owns is a conflict unless forced, in which case that manager loses it.</li>
 *   <li>{@link #recordUpdate}: after a create, update or patch, the writer owns the fields it changed and every
 *   other manager loses them.</li>
 * </ul>
 *
 * Pure functions over JSON trees; the caller stores the result. Not covered: version conversion of field sets
 * (each kind is served in one version), unions, and the client-side-apply upgrade path of kubectl.
 */
public final class ServerSideApply {

    /** Kubernetes' name for the owner of fields that existed before the first apply. */
    public static final String BEFORE_FIRST_APPLY = "before-first-apply";
    /** Kubernetes' bucket for the oldest updaters beyond {@link #MAX_UPDATE_MANAGERS}. */
    public static final String ANCIENT_CHANGES = "ancient-changes";
    public static final int MAX_UPDATE_MANAGERS = 10;

    private final PatchSchema schema;
    private final ApplyMerge merger;
    private final OwnedFields owned;
    private final ObjectDiff diff;
    private final ObjectPaths paths;

    public ServerSideApply(PatchSchema schema) {
        this.schema = schema;
        this.merger = new ApplyMerge(schema);
        this.owned = new OwnedFields(schema);
        this.diff = new ObjectDiff(schema);
        this.paths = new ObjectPaths(schema);
    }

    /** Over the built-in Kubernetes kinds; custom resources get default semantics below their metadata. */
    public static ServerSideApply builtIn() {
        return new ServerSideApply(KubernetesSchema.SCHEMA);
    }

    /**
     * Applies {@code config} to {@code live} ({@code null} when the object does not exist yet) and returns the new
     * object with its managedFields. Neither argument is modified.
     *
     * @param kindKey {@code "Deployment.apps"}, {@code "Pod"}: see {@link GroupKind#parse}
     * @throws ApplyConflictException when the apply would change fields other managers own and is not forced
     * @throws PatchException         when the configuration is malformed (400)
     */
    public ObjectNode apply(String kindKey, JsonNode live, JsonNode config, ApplyOptions options) {
        if (options.manager() == null || options.manager().isBlank()) {
            throw PatchException.badRequest("fieldManager is required for apply requests");
        }
        if (!(config instanceof ObjectNode applied)) {
            throw PatchException.badRequest("an apply configuration must be an object");
        }
        JsonNode appliedManagedFields = applied.path("metadata").get("managedFields");
        if (appliedManagedFields != null && !appliedManagedFields.isNull() && !appliedManagedFields.isEmpty()) {
            throw PatchException.badRequest("metadata.managedFields must be nil");
        }
        TypeSpec type = schema.rootOrGeneric(GroupKind.parse(kindKey));
        ResetFields reset = ResetFields.forSubresource(options.subresource());
        String apiVersion = applied.path("apiVersion").asText("");

        ObjectNode before = live instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        List<ManagedFieldsEntry> entries = live == null ? List.of() : decodeOrEmpty(before);
        stripManagedFields(before);
        if (live != null && entries.isEmpty()) {
            // Fields that predate any tracking belong to a stand-in manager, so applying over them can conflict.
            entries = recordChanges(entries, JsonNodeFactory.instance.objectNode(), before, type,
                    new ManagedFieldsEntry(BEFORE_FIRST_APPLY, Operation.UPDATE, before.path("apiVersion").asText(""),
                            options.now(), options.subresource(), FieldSet.empty()), reset);
        }

        ObjectNode after = merger.merge(before, applied, type);
        stripManagedFields(after);
        FieldSet appliedFields = reset.filter(owned.of(applied, type));
        ManagerId self = new ManagerId(options.manager(), Operation.APPLY, options.subresource(), "");
        Optional<ManagedFieldsEntry> previous = entries.stream().filter(e -> e.id().equals(self)).findFirst();
        List<ManagedFieldsEntry> others = entries.stream().filter(e -> !e.id().equals(self)).toList();
        previous.ifPresent(p -> prune(after, p.fields().difference(appliedFields), others, type));

        ObjectDiff.Changes changes = reset.filter(diff.compare(before, after, type));
        List<ApplyConflictException.Conflict> conflicts = conflicts(others, changes.changed());
        if (!conflicts.isEmpty() && !options.force()) {
            throw new ApplyConflictException(conflicts);
        }

        List<ManagedFieldsEntry> result = new ArrayList<>();
        for (ManagedFieldsEntry other : others) {
            // Forced: the others lose what was taken from them. Everyone loses what no longer exists.
            addIfOwning(result, other.withFields(
                    other.fields().difference(changes.changed()).difference(changes.removed())));
        }
        boolean touched = !changes.isEmpty() || previous.isEmpty()
                || !previous.get().fields().equals(appliedFields);
        addIfOwning(result, new ManagedFieldsEntry(options.manager(), Operation.APPLY, apiVersion,
                touched ? options.now() : previous.get().time(), options.subresource(), appliedFields));
        return withManagedFields(after, result);
    }

    /**
     * Records ownership after an ordinary write by {@code options.manager()}: returns a copy of {@code updated} with
     * managedFields in which the writer owns what it changed; neither argument is modified. {@code live} is the object
     * before the write, {@code null} on create. Managed fields sent in {@code updated} replace the live ones (an empty
     * list resets them), as Kubernetes lets clients do; absent ones are carried over.
     */
    public ObjectNode recordUpdate(String kindKey, JsonNode live, JsonNode updated, UpdateOptions options) {
        if (!(updated instanceof ObjectNode u)) {
            throw new IllegalArgumentException("the updated object must be a JSON object");
        }
        TypeSpec type = schema.rootOrGeneric(GroupKind.parse(kindKey));
        ObjectNode after = u.deepCopy();
        List<ManagedFieldsEntry> entries = entriesForUpdate(live, after);
        // Only compared, never changed: a copy of the two levels that lose managedFields is enough.
        ObjectNode before = live instanceof ObjectNode o ? withoutManagedFields(o) : JsonNodeFactory.instance.objectNode();
        stripManagedFields(after);
        ManagedFieldsEntry writer = new ManagedFieldsEntry(options.manager(), Operation.UPDATE,
                after.path("apiVersion").asText(""), options.now(), options.subresource(), FieldSet.empty());
        List<ManagedFieldsEntry> result = recordChanges(entries, before, after, type, writer,
                ResetFields.forSubresource(options.subresource()));
        return withManagedFields(after, capUpdaters(result));
    }

    /**
     * The writer takes what changed between {@code before} and {@code after}; every other manager loses it, and
     * everyone loses what was removed. The writer's entry is stamped only if it changed something.
     */
    private List<ManagedFieldsEntry> recordChanges(List<ManagedFieldsEntry> entries, ObjectNode before,
            ObjectNode after, TypeSpec type, ManagedFieldsEntry writer, ResetFields reset) {
        ObjectDiff.Changes changes = reset.filter(diff.compare(before, after, type));
        FieldSet changed = changes.changed();
        ManagerId self = writer.id();
        List<ManagedFieldsEntry> result = new ArrayList<>();
        ManagedFieldsEntry previous = null;
        for (ManagedFieldsEntry e : entries) {
            if (e.id().equals(self)) {
                previous = e;
            } else {
                addIfOwning(result, e.withFields(e.fields().difference(changed).difference(changes.removed())));
            }
        }
        FieldSet kept = previous == null ? FieldSet.empty() : previous.fields().difference(changes.removed());
        if (changed.isEmpty()) {
            if (previous != null) {
                addIfOwning(result, previous.withFields(kept));
            }
        } else {
            addIfOwning(result, writer.withFields(kept.union(changed)));
        }
        return result;
    }

    /**
     * Removes what the applier gave up, except where another manager still owns the field or a part of it. Parents
     * go first, so a list item nobody else owns goes whole; the key fields of an item that stays are kept, or the
     * item would lose its identity.
     */
    private void prune(ObjectNode object, FieldSet released, List<ManagedFieldsEntry> others, TypeSpec type) {
        for (FieldPath path : released.paths()) {
            boolean ownedElsewhere = others.stream().anyMatch(e -> e.fields().containsSelfOrDescendant(path));
            if (!ownedElsewhere && !isKeyField(path)) {
                paths.remove(object, path, type);
            }
        }
    }

    private static boolean isKeyField(FieldPath path) {
        return path.size() >= 2
                && path.last() instanceof PathElement.Field field
                && path.parent().last() instanceof PathElement.Key key
                && key.fields().containsKey(field.name());
    }

    private static List<ApplyConflictException.Conflict> conflicts(List<ManagedFieldsEntry> others, FieldSet changed) {
        List<ApplyConflictException.Conflict> conflicts = new ArrayList<>();
        for (ManagedFieldsEntry other : others) {
            other.fields().intersection(changed).stream()
                    .forEach(p -> conflicts.add(new ApplyConflictException.Conflict(other.describe(), p)));
        }
        return conflicts;
    }

    /**
     * Kubernetes keeps at most ten updaters; older ones are folded, per API version, into one
     * {@value #ANCIENT_CHANGES} entry so managedFields cannot grow without bound.
     */
    private static List<ManagedFieldsEntry> capUpdaters(List<ManagedFieldsEntry> entries) {
        List<ManagedFieldsEntry> result = new ArrayList<>(entries);
        while (result.stream().filter(e -> e.operation() == Operation.UPDATE).count() > MAX_UPDATE_MANAGERS) {
            ManagedFieldsEntry oldest = result.stream()
                    .filter(e -> e.operation() == Operation.UPDATE && !e.manager().equals(ANCIENT_CHANGES))
                    .min(Comparator.comparing(e -> e.time() == null ? Instant.MIN : e.time()))
                    .orElseThrow();
            result.remove(oldest);
            ManagerId bucketId = new ManagerId(ANCIENT_CHANGES, Operation.UPDATE, "", oldest.apiVersion());
            Optional<ManagedFieldsEntry> bucket = result.stream().filter(e -> e.id().equals(bucketId)).findFirst();
            bucket.ifPresent(result::remove);
            FieldSet fields = bucket.map(ManagedFieldsEntry::fields).orElse(FieldSet.empty()).union(oldest.fields());
            result.add(new ManagedFieldsEntry(ANCIENT_CHANGES, Operation.UPDATE, oldest.apiVersion(), oldest.time(),
                    "", fields));
        }
        return result;
    }

    /**
     * Which managed fields an update starts from: those sent with the new object if it carries any (an empty list
     * or a single empty entry resets them), else the live ones, as Kubernetes decides.
     */
    private static List<ManagedFieldsEntry> entriesForUpdate(JsonNode before, ObjectNode after) {
        JsonNode sent = after.path("metadata").get("managedFields");
        if (sent != null && sent.isArray()) {
            if (sent.isEmpty() || (sent.size() == 1 && sent.get(0).isObject() && sent.get(0).isEmpty())) {
                return List.of();
            }
            try {
                List<ManagedFieldsEntry> decoded = ManagedFields.decode(sent);
                if (!decoded.isEmpty()) {
                    return decoded;
                }
            } catch (IllegalArgumentException invalid) {
                // Kubernetes falls back to the live managed fields when the sent ones do not decode.
            }
        }
        return before instanceof ObjectNode live ? decodeOrEmpty(live) : List.of();
    }

    /** Malformed stored managedFields are dropped rather than failing every write, as Kubernetes does. */
    private static List<ManagedFieldsEntry> decodeOrEmpty(ObjectNode object) {
        try {
            return ManagedFields.of(object);
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }

    private static void addIfOwning(List<ManagedFieldsEntry> entries, ManagedFieldsEntry entry) {
        if (!entry.fields().isEmpty()) {
            entries.add(entry);
        }
    }

    private static void stripManagedFields(ObjectNode object) {
        if (object.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        }
    }

    /** A copy of the object and its metadata, sharing everything below them, without managedFields. */
    private static ObjectNode withoutManagedFields(ObjectNode object) {
        ObjectNode copy = object.objectNode();
        copy.setAll(object);
        if (object.get("metadata") instanceof ObjectNode metadata && metadata.has("managedFields")) {
            ObjectNode meta = copy.putObject("metadata");
            meta.setAll(metadata);
            meta.remove("managedFields");
        }
        return copy;
    }

    private static ObjectNode withManagedFields(ObjectNode object, List<ManagedFieldsEntry> entries) {
        if (entries.isEmpty()) {
            stripManagedFields(object);
            return object;
        }
        JsonNode metadata = object.get("metadata");
        ObjectNode meta = metadata instanceof ObjectNode m ? m : object.putObject("metadata");
        meta.set("managedFields", ManagedFields.encode(entries));
        return object;
    }
}
