package io.tugboat.api.patch.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one field of a Kubernetes type behaves under patching: the Go struct tags strategic merge patch reads
 * ({@code patchStrategy}, {@code patchMergeKey}) and the OpenAPI markers server-side apply reads
 * ({@code listType}, {@code listMapKey}, {@code structType=atomic}). Both are kept side by side because they differ
 * for some fields: a label selector is merged key by key by strategic merge patch but owned as one value by apply.
 *
 * @param type         the schema type of the value (of each item, for lists); {@code null} when nothing inside it
 *                     needs more than default semantics
 * @param strategy     strategic merge patch strategy
 * @param retainKeys   whether the field carries {@code patchStrategy:"retainKeys"}; kubectl then sends
 *                     {@code $retainKeys}, which is honoured wherever it appears, so this is informational
 * @param mergeKey     strategic merge key of a merged list of objects; {@code null} for lists of primitives
 * @param listType     server-side apply list semantics
 * @param listMapKeys  server-side apply keys of a {@link ListType#MAP} list
 * @param keyDefaults  defaults the API server applies to key fields (a port's protocol is TCP), so an applied
 *                     item without the field matches a stored item that has it
 * @param atomic       server-side apply treats this object as one value ({@code +structType=atomic})
 */
public record FieldSpec(
        String type,
        PatchStrategy strategy,
        boolean retainKeys,
        String mergeKey,
        ListType listType,
        List<String> listMapKeys,
        Map<String, String> keyDefaults,
        boolean atomic) {

    /** A field nothing special is known about: maps merge, lists are atomic. */
    public static final FieldSpec DEFAULT = new FieldSpec(null, PatchStrategy.DEFAULT, false, null, ListType.ATOMIC,
            List.of(), Map.of(), false);

    public FieldSpec {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(listType, "listType");
        listMapKeys = List.copyOf(listMapKeys);
        keyDefaults = Map.copyOf(keyDefaults);
        if (listType == ListType.MAP && listMapKeys.isEmpty()) {
            throw new IllegalArgumentException("a map list needs at least one key");
        }
    }

    /** A field whose value is of the named schema type, with default semantics. */
    public static FieldSpec of(String type) {
        return DEFAULT.withType(type);
    }

    /** {@code patchStrategy:"merge" patchMergeKey:"<key>"}, which is also a map list keyed by it for apply. */
    public static FieldSpec mergeList(String mergeKey) {
        Objects.requireNonNull(mergeKey, "mergeKey");
        return new FieldSpec(null, PatchStrategy.MERGE, false, mergeKey, ListType.MAP, List.of(mergeKey), Map.of(),
                false);
    }

    /** {@code patchStrategy:"merge"} on a list of primitives: a set for both patch kinds. */
    public static FieldSpec mergeSet() {
        return new FieldSpec(null, PatchStrategy.MERGE, false, null, ListType.SET, List.of(), Map.of(), false);
    }

    /** A list that apply keys by these fields while strategic merge patch replaces it (no patch tags). */
    public static FieldSpec keyedList(String... keys) {
        return new FieldSpec(null, PatchStrategy.DEFAULT, false, null, ListType.MAP, List.of(keys), Map.of(), false);
    }

    /** An object apply owns as one value ({@code +structType=atomic} or {@code +mapType=atomic}). */
    public static FieldSpec atomicObject() {
        return new FieldSpec(null, PatchStrategy.DEFAULT, false, null, ListType.ATOMIC, List.of(), Map.of(), true);
    }

    /** {@code patchStrategy:"retainKeys"} on an object (a union such as a Deployment's strategy). */
    public static FieldSpec retainKeysObject() {
        return DEFAULT.withRetainKeys();
    }

    public FieldSpec withType(String newType) {
        return new FieldSpec(newType, strategy, retainKeys, mergeKey, listType, listMapKeys, keyDefaults, atomic);
    }

    public FieldSpec withRetainKeys() {
        return new FieldSpec(type, strategy, true, mergeKey, listType, listMapKeys, keyDefaults, atomic);
    }

    /** Replaces the apply keys, for lists keyed by more fields than the strategic merge key. */
    public FieldSpec withListMapKeys(String... keys) {
        return new FieldSpec(type, strategy, retainKeys, mergeKey, ListType.MAP, List.of(keys), keyDefaults, atomic);
    }

    /** Overrides the apply list type where it differs from what the patch tags imply. */
    public FieldSpec withListType(ListType newListType) {
        List<String> keys = newListType == ListType.MAP ? listMapKeys : List.of();
        return new FieldSpec(type, strategy, retainKeys, mergeKey, newListType, keys, keyDefaults, atomic);
    }

    public FieldSpec withKeyDefault(String key, String value) {
        Map<String, String> defaults = new LinkedHashMap<>(keyDefaults);
        defaults.put(key, value);
        return new FieldSpec(type, strategy, retainKeys, mergeKey, listType, listMapKeys, defaults, atomic);
    }
}
