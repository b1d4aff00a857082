package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One step of a field path, in structured-merge-diff's vocabulary: a field of an object ({@code f:name}), an item of
 * an associative list identified by its keys ({@code k:{"name":"web"}}), or a value of a set ({@code v:"x"}).
 * Elements order as structured-merge-diff orders them (fields, then keys, then values), which is the order of
 * children in the fieldsV1 encoding.
 */
public sealed interface PathElement extends Comparable<PathElement> {

    /** The fieldsV1 key: {@code f:replicas}. */
    String encode();

    /** The form used in conflict messages: {@code .replicas}, {@code [name="web"]}, {@code [="x"]}. */
    String describe();

    /** Parses a fieldsV1 key. */
    static PathElement decode(String encoded) {
        if (encoded.length() < 2 || encoded.charAt(1) != ':') {
            throw new IllegalArgumentException("invalid fieldsV1 path element: " + encoded);
        }
        String body = encoded.substring(2);
        return switch (encoded.charAt(0)) {
            case 'f' -> new Field(body);
            case 'k' -> Key.parse(body);
            case 'v' -> Value.of(JsonText.parse(body));
            default -> throw new IllegalArgumentException("unsupported fieldsV1 path element: " + encoded);
        };
    }

    private int rank() {
        return switch (this) {
            case Field f -> 0;
            case Key k -> 1;
            case Value v -> 2;
        };
    }

    @Override
    default int compareTo(PathElement other) {
        int byRank = Integer.compare(rank(), other.rank());
        if (byRank != 0) {
            return byRank;
        }
        if (this instanceof Field a && other instanceof Field b) {
            return a.name().compareTo(b.name());
        }
        return encode().compareTo(other.encode());
    }

    /** A field of an object. */
    record Field(String name) implements PathElement {
        public Field {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String encode() {
            return "f:" + name;
        }

        @Override
        public String describe() {
            return "." + name;
        }
    }

    /** An item of an associative list, by the values of its key fields (held sorted by field name). */
    final class Key extends Encoded {
        private final SortedMap<String, JsonNode> fields;

        private Key(SortedMap<String, JsonNode> canonical) {
            super("k:" + JsonText.write(JsonNodeFactory.instance.objectNode().setAll(canonical)));
            this.fields = Collections.unmodifiableSortedMap(canonical);
        }

        public static Key of(Map<String, JsonNode> fields) {
            TreeMap<String, JsonNode> canonical = new TreeMap<>();
            fields.forEach((name, value) -> canonical.put(name, JsonValues.canonical(value)));
            return new Key(canonical);
        }

        static Key parse(String json) {
            JsonNode node = JsonText.parse(json);
            if (!node.isObject()) {
                throw new IllegalArgumentException("invalid fieldsV1 key: " + json);
            }
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            return of(fields);
        }

        public SortedMap<String, JsonNode> fields() {
            return fields;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("[");
            Iterator<Map.Entry<String, JsonNode>> it = fields.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(e.getKey()).append('=').append(JsonText.write(e.getValue()));
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            return sb.append(']').toString();
        }
    }

    /** A value of a set (a list of unique primitives). */
    final class Value extends Encoded {
        private final JsonNode value;

        private Value(JsonNode canonical) {
            super("v:" + JsonText.write(canonical));
            this.value = canonical;
        }

        public static Value of(JsonNode value) {
            return new Value(JsonValues.canonical(Objects.requireNonNull(value, "value")));
        }

        public JsonNode value() {
            return value;
        }

        @Override
        public String describe() {
            return "[=" + encode().substring(2) + "]";
        }
    }

    /**
     * A key or a value, identified by its encoding, made once: paths are compared and hashed many times per write,
     * and canonical values make equal elements encode alike.
     */
    abstract sealed class Encoded implements PathElement permits Key, Value {
        private final String encoded;

        private Encoded(String encoded) {
            this.encoded = encoded;
        }

        @Override
        public final String encode() {
            return encoded;
        }

        @Override
        public final boolean equals(Object o) {
            return o != null && o.getClass() == getClass() && encoded.equals(((Encoded) o).encoded);
        }

        @Override
        public final int hashCode() {
            return encoded.hashCode();
        }

        @Override
        public final String toString() {
            return encoded;
        }
    }
}
