package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A path from the root of an object to one field, list item or set value. Paths order element by element with a
 * prefix before its extensions, so in a sorted set a path's descendants follow it directly.
 */
public record FieldPath(List<PathElement> elements) implements Comparable<FieldPath> {

    public static final FieldPath ROOT = new FieldPath(List.of());

    public FieldPath {
        elements = List.copyOf(elements);
    }

    /** A path of object fields only: {@code FieldPath.of("spec", "replicas")}. */
    public static FieldPath of(String... fieldNames) {
        List<PathElement> list = new ArrayList<>(fieldNames.length);
        for (String name : fieldNames) {
            list.add(new PathElement.Field(name));
        }
        return new FieldPath(list);
    }

    public FieldPath child(PathElement element) {
        List<PathElement> list = new ArrayList<>(elements.size() + 1);
        list.addAll(elements);
        list.add(element);
        return new FieldPath(list);
    }

    public FieldPath field(String name) {
        return child(new PathElement.Field(name));
    }

    public FieldPath value(JsonNode value) {
        return child(PathElement.Value.of(value));
    }

    public int size() {
        return elements.size();
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    public PathElement last() {
        return elements.getLast();
    }

    public FieldPath parent() {
        return new FieldPath(elements.subList(0, elements.size() - 1));
    }

    /** Whether {@code prefix} is this path or one of its ancestors. */
    public boolean startsWith(FieldPath prefix) {
        return prefix.size() <= size() && elements.subList(0, prefix.size()).equals(prefix.elements);
    }

    @Override
    public int compareTo(FieldPath other) {
        int common = Math.min(size(), other.size());
        for (int i = 0; i < common; i++) {
            int c = elements.get(i).compareTo(other.elements.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(size(), other.size());
    }

    /** As Kubernetes prints paths in conflict messages: {@code .spec.template.spec.containers[name="web"].image}. */
    @Override
    public String toString() {
        return elements.stream().map(PathElement::describe).collect(Collectors.joining());
    }
}
