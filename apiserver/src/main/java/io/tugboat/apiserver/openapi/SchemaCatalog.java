package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** An immutable set of named definitions, closed under references, and the model classes they came from. */
public final class SchemaCatalog {

    private final SortedMap<String, Definition> definitions;
    private final Map<Class<?>, String> classNames;
    private final Map<GroupVersionKind, String> byKind;

    SchemaCatalog(Map<String, Definition> definitions, Map<Class<?>, String> classNames) {
        this.definitions = Collections.unmodifiableSortedMap(new TreeMap<>(definitions));
        this.classNames = Map.copyOf(classNames);
        Map<GroupVersionKind, String> kinds = new HashMap<>();
        for (Definition d : this.definitions.values()) {
            d.kinds().forEach(k -> kinds.putIfAbsent(k, d.name()));
            forEachRef(d.body(), ref -> {
                if (!this.definitions.containsKey(ref)) {
                    throw new IllegalStateException(d.name() + " refers to undefined " + ref);
                }
            });
        }
        this.byKind = Map.copyOf(kinds);
    }

    /**
     * The catalog of everything the API serves: each kind and its list, the meta types the operations
     * use (DeleteOptions, Status, Patch, APIResourceList) and autoscaling/v1 Scale.
     */
    public static SchemaCatalog of(ResourceTypes types, ObjectMapper mapper) {
        ModelSchemaReader reader = new ModelSchemaReader(mapper);
        reader.add(ObjectMeta.class); // Scale, defined by hand, refers to it
        reader.add(APIResourceList.class);
        reader.addKind(Status.class, new GroupVersionKind("", "v1", "Status"));
        String deleteOptions = reader.add(DeleteOptions.class);
        // As in Kubernetes, DeleteOptions is accepted under every group-version.
        reader.addKind(deleteOptions, new GroupVersionKind("", "v1", "DeleteOptions"));
        for (GroupVersion gv : types.groupVersions()) {
            reader.addKind(deleteOptions, new GroupVersionKind(gv.group(), gv.version(), "DeleteOptions"));
        }
        for (ResourceType type : types.all()) {
            reader.addKind(type.javaType(), GroupVersionKind.of(type));
            reader.addList(type.javaType(), GroupVersionKind.listOf(type));
        }
        return reader.catalog();
    }

    /** The catalog of one model class and what it reaches (plus the built-in definitions). */
    public static SchemaCatalog ofClass(Class<?> type, ObjectMapper mapper) {
        ModelSchemaReader reader = new ModelSchemaReader(mapper);
        reader.add(ObjectMeta.class);
        reader.add(type);
        return reader.catalog();
    }

    /** Every definition, sorted by name. */
    public Collection<Definition> definitions() {
        return definitions.values();
    }

    public Optional<Definition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    /** The definition name of a model class that was read into this catalog. */
    public Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(classNames.get(type));
    }

    /** The definition name of the schema tagged with a kind, e.g. {@code io.k8s.api.apps.v1.Deployment}. */
    public Optional<String> nameOf(GroupVersionKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** The schema a reference points at (followed through chains of references); other schemas as given. */
    public Schema resolve(Schema schema) {
        Schema s = schema;
        for (int hops = 0; s instanceof Schema.Ref(String name); hops++) {
            if (hops > definitions.size()) {
                throw new IllegalStateException("reference cycle at " + name);
            }
            s = definitions.get(name).body();
        }
        return s;
    }

    /** The names of the given definitions and of every definition they reach. */
    public SortedSet<String> reachableFrom(Collection<String> roots) {
        SortedSet<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (seen.add(name)) {
                forEachRef(definitions.get(name).body(), todo::push);
            }
        }
        return seen;
    }

    private static void forEachRef(Schema schema, java.util.function.Consumer<String> action) {
        switch (schema) {
            case Schema.Ref(String name) -> action.accept(name);
            case Schema.ArrayOf(Schema items) -> forEachRef(items, action);
            case Schema.MapOf(Schema values) -> forEachRef(values, action);
            case Schema.Struct struct -> struct.properties().values().forEach(p -> forEachRef(p, action));
            case Schema.Primitive p -> { }
            case Schema.Untyped u -> { }
            case Schema.IntOrString i -> { }
            case Schema.Quantity q -> { }
        }
    }
}
