package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            case 'v' -> new Value(JsonText.parse(body));
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
    record Key(SortedMap<String, JsonNode> fields) implements PathElement {
        public Key {
            TreeMap<String, JsonNode> copy = new TreeMap<>();
            fields.forEach((name, value) -> copy.put(name, JsonValues.canonical(value)));
            fields = Collections.unmodifiableSortedMap(copy);
        }

        public static Key of(Map<String, JsonNode> fields) {
            return new Key(new TreeMap<>(fields));
        }

        static Key parse(String json) {
            JsonNode node = JsonText.parse(json);
            if (!node.isObject()) {
                throw new IllegalArgumentException("invalid fieldsV1 key: " + json);
            }
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            return new Key(fields);
        }

        @Override
        public String encode() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            fields.forEach(node::set);
            return "k:" + JsonText.write(node);
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
    record Value(JsonNode value) implements PathElement {
        public Value {
            value = JsonValues.canonical(Objects.requireNonNull(value, "value"));
        }

        @Override
        public String encode() {
            return "v:" + JsonText.write(value);
        }

        @Override
        public String describe() {
            return "[=" + JsonText.write(value) + "]";
        }
    }
}
