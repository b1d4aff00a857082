package io.tugboat.api.patch.managed;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An immutable set of field paths: what one manager owns, or what one write changed. Members are exact paths; owning
 * a list item ({@code k:{...}}) and owning its fields are separate members, as in structured-merge-diff.
 */
public final class FieldSet {

    private static final FieldSet EMPTY = new FieldSet(new TreeSet<>());

    private final NavigableSet<FieldPath> paths;

    private FieldSet(TreeSet<FieldPath> paths) {
        this.paths = Collections.unmodifiableNavigableSet(paths);
    }

    public static FieldSet empty() {
        return EMPTY;
    }

    public static FieldSet of(Collection<FieldPath> paths) {
        return paths.isEmpty() ? EMPTY : new FieldSet(new TreeSet<>(paths));
    }

    public static FieldSet of(FieldPath... paths) {
        return of(List.of(paths));
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public int size() {
        return paths.size();
    }

    public boolean contains(FieldPath path) {
        return paths.contains(path);
    }

    /** Whether this set holds {@code path} or anything below it. */
    public boolean containsSelfOrDescendant(FieldPath path) {
        FieldPath first = paths.ceiling(path);
        return first != null && first.startsWith(path);
    }

    public FieldSet union(FieldSet other) {
        // Writers mostly touch what they already own: answering with this set spares a copy per write.
        if (other.isEmpty() || paths.containsAll(other.paths)) {
            return this;
        }
        TreeSet<FieldPath> result = new TreeSet<>(paths);
        result.addAll(other.paths);
        return new FieldSet(result);
    }

    public FieldSet difference(FieldSet other) {
        if (other.isEmpty() || isEmpty() || other.paths.stream().noneMatch(paths::contains)) {
            return this;
        }
        TreeSet<FieldPath> result = new TreeSet<>(paths);
        result.removeAll(other.paths);
        return of(result);
    }

    public FieldSet intersection(FieldSet other) {
        TreeSet<FieldPath> result = new TreeSet<>(paths);
        result.retainAll(other.paths);
        return of(result);
    }

    /** This set without the given paths and everything below them. */
    public FieldSet withoutSubtrees(Collection<FieldPath> roots) {
        TreeSet<FieldPath> removed = new TreeSet<>();
        for (FieldPath root : roots) {
            // A path's descendants follow it directly in this order.
            for (FieldPath p : paths.tailSet(root, true)) {
                if (!p.startsWith(root)) {
                    break;
                }
                removed.add(p);
            }
        }
        if (removed.isEmpty()) {
            return this;
        }
        TreeSet<FieldPath> result = new TreeSet<>(paths);
        result.removeAll(removed);
        return of(result);
    }

    /** The members in order: a path before its descendants. */
    public List<FieldPath> paths() {
        return List.copyOf(paths);
    }

    public Stream<FieldPath> stream() {
        return paths.stream();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet other && paths.equals(other.paths);
    }

    @Override
    public int hashCode() {
        return paths.hashCode();
    }

    @Override
    public String toString() {
        return paths.toString();
    }
}
