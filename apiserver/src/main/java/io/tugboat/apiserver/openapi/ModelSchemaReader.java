package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads model classes into {@link Definition}s through Jackson's own introspection, so the schemas list
 * exactly the JSON names and types the server's ObjectMapper accepts. One reader builds one catalog;
 * it is not thread-safe and not meant to outlive the build.
 */
final class ModelSchemaReader {

    private final ObjectMapper mapper;
    private final DefinitionNames names = new DefinitionNames();
    private final PropertyOverrides overrides = new PropertyOverrides();
    private final RequiredFields required = new RequiredFields();

    private final Map<String, Schema> bodies = new TreeMap<>();
    private final Map<String, List<GroupVersionKind>> kinds = new HashMap<>();
    private final Map<Class<?>, String> classNames = new HashMap<>();

    ModelSchemaReader(ObjectMapper mapper) {
        this.mapper = mapper;
        for (Definition builtin : BuiltinDefinitions.all()) {
            bodies.put(builtin.name(), builtin.body());
            builtin.kinds().forEach(k -> addKind(builtin.name(), k));
        }
    }

    /** Reads a class and everything it refers to; returns its definition name. */
    String add(Class<?> type) {
        return define(mapper.constructType(type));
    }

    /** Reads a class as the body of a kind, tagging it with the kind's group, version and kind. */
    String addKind(Class<?> type, GroupVersionKind kind) {
        String name = add(type);
        addKind(name, kind);
        return name;
    }

    void addKind(String definitionName, GroupVersionKind kind) {
        List<GroupVersionKind> list = kinds.computeIfAbsent(definitionName, n -> new ArrayList<>());
        if (!list.contains(kind)) {
            list.add(kind);
        }
    }

    /**
     * Reads the list kind of {@code itemType}: fabric8's {@code <Kind>List} class when there is one,
     * otherwise the standard list shape (apiVersion, kind, metadata, items) built around the item.
     */
    String addList(Class<?> itemType, GroupVersionKind listKind) {
        String itemName = add(itemType);
        try {
            Class<?> listClass = Class.forName(itemType.getName() + "List", false, itemType.getClassLoader());
            return addKind(listClass, listKind);
        } catch (ClassNotFoundException e) {
            String name = itemName + "List";
            SortedMap<String, Schema> props = new TreeMap<>();
            props.put("apiVersion", Schema.Primitive.string());
            props.put("kind", Schema.Primitive.string());
            props.put("metadata", new Schema.Ref(add(ListMeta.class)));
            props.put("items", new Schema.ArrayOf(new Schema.Ref(itemName)));
            bodies.put(name, new Schema.Struct(props, List.of("items")));
            addKind(name, listKind);
            return name;
        }
    }

    SchemaCatalog catalog() {
        Map<String, Definition> definitions = new LinkedHashMap<>();
        bodies.forEach((name, body) ->
                definitions.put(name, new Definition(name, body, kinds.getOrDefault(name, List.of()))));
        return new SchemaCatalog(definitions, classNames);
    }

    private Schema schemaOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == byte[].class) {
            return new Schema.Primitive("string", "byte");
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            return new Schema.ArrayOf(schemaOf(type.getContentType()));
        }
        if (type.isMapLikeType()) {
            return new Schema.MapOf(schemaOf(type.getContentType()));
        }
        if (type.isReferenceType()) { // AtomicReference<T>, or Optional<T> with Jdk8Module: T on the wire
            return schemaOf(type.getContentType());
        }
        if (raw == Optional.class) { // seen as a plain class when Jdk8Module is not registered
            return schemaOf(type.containedTypeOrUnknown(0));
        }
        Schema scalar = scalarOf(raw);
        if (scalar != null) {
            return scalar;
        }
        if (IntOrString.class.isAssignableFrom(raw)) {
            return new Schema.Ref(DefinitionNames.INT_OR_STRING);
        }
        if (Quantity.class.isAssignableFrom(raw)) {
            return new Schema.Ref(DefinitionNames.QUANTITY);
        }
        if (MicroTime.class.isAssignableFrom(raw) || Temporal.class.isAssignableFrom(raw)) {
            // fabric8 uses java.time only for metav1.MicroTime fields (Lease acquireTime, renewTime).
            return new Schema.Ref(DefinitionNames.MICRO_TIME);
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || AnyType.class.isAssignableFrom(raw)
                || raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || hasCustomDeserializer(type)) {
            // The concrete shape is decided at run time (embedded objects, RawExtension) or by code
            // Jackson cannot introspect: accept any JSON rather than reject what the server would take.
            return new Schema.Untyped(false);
        }
        return new Schema.Ref(define(type));
    }

    private static Schema scalarOf(Class<?> raw) {
        if (raw == String.class || raw == Character.class || raw == char.class || raw.isEnum()
                || raw == io.fabric8.kubernetes.api.model.Duration.class || raw == java.time.Duration.class) {
            return Schema.Primitive.string();
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class
                || raw == Byte.class || raw == byte.class || raw == OptionalInt.class) {
            return new Schema.Primitive("integer", "int32");
        }
        if (raw == Long.class || raw == long.class || raw == OptionalLong.class) {
            return new Schema.Primitive("integer", "int64");
        }
        if (raw == BigInteger.class) {
            return new Schema.Primitive("integer", null);
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
                || raw == BigDecimal.class || raw == OptionalDouble.class) {
            return new Schema.Primitive("number", "double");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return new Schema.Primitive("boolean", null);
        }
        return null;
    }

    private boolean hasCustomDeserializer(JavaType type) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        BeanDescription bean = config.introspectClassAnnotations(type);
        Object deserializer = config.getAnnotationIntrospector().findDeserializer(bean.getClassInfo());
        return deserializer != null && deserializer != com.fasterxml.jackson.databind.JsonDeserializer.None.class;
    }

    /** Registers the definition of a bean type, reading it on first sight; returns its name. */
    private String define(JavaType type) {
        Class<?> raw = type.getRawClass();
        String known = classNames.get(raw);
        if (known != null) {
            return known;
        }
        String name = names.nameOf(raw);
        if (bodies.containsKey(name)) {
            // Another class (or a built-in) already has this Kubernetes name: keep it, and name this
            // one by its Java name, which is unique.
            name = raw.getName().replace('$', '.');
        }
        classNames.put(raw, name);
        bodies.put(name, new Schema.Untyped(false)); // placeholder: lets self-references terminate
        bodies.put(name, bodyOf(name, type));
        return name;
    }

    private Schema bodyOf(String name, JavaType type) {
        BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
        SortedMap<String, Schema> properties = new TreeMap<>();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (!property.couldDeserialize()) {
                continue; // read-only on the Java side: the server never reads it from a request
            }
            JavaType propertyType = property.getPrimaryType();
            Schema schema = overrides.forProperty(name, property.getName(), propertyType.getRawClass())
                    .orElseGet(() -> schemaOf(propertyType));
            properties.put(property.getName(), schema);
        }
        if (properties.isEmpty() && bean.findAnySetterAccessor() != null) {
            return new Schema.Untyped(true); // FieldsV1 and the like: an object kept verbatim
        }
        // fabric8's any-setter (additionalProperties) is deliberately not a property: Kubernetes has no
        // such field, and treating it as one would make every unknown field "known".
        return new Schema.Struct(properties, required.of(name, properties.keySet()));
    }
}
