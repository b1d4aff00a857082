package io.tugboat.api.patch.managed;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of {@code metadata.managedFields}: the fields one manager owns through one kind of operation.
 *
 * @param manager     the field manager's name ({@code kubectl}, {@code kube-controller-manager})
 * @param operation   {@link Operation#APPLY} for server-side apply, {@link Operation#UPDATE} for every other write
 * @param apiVersion  the version the manager wrote in
 * @param time        when the manager last changed the object; may be {@code null} in entries clients wrote
 * @param subresource {@code ""} for the main resource, or e.g. {@code "status"}
 * @param fields      the owned fields
 */
public record ManagedFieldsEntry(
        String manager,
        Operation operation,
        String apiVersion,
        Instant time,
        String subresource,
        FieldSet fields) {

    public ManagedFieldsEntry {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(operation, "operation");
        apiVersion = apiVersion == null ? "" : apiVersion;
        subresource = subresource == null ? "" : subresource;
        Objects.requireNonNull(fields, "fields");
    }

    /** The kinds of write Kubernetes tells apart in managedFields. */
    public enum Operation {
        APPLY("Apply"),
        UPDATE("Update");

        private final String wireName;

        Operation(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Operation fromWire(String name) {
            for (Operation op : values()) {
                if (op.wireName.equals(name)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown managedFields operation: " + name);
        }
    }

    /**
     * Who this entry belongs to. As in Kubernetes, an applier is one manager whatever version it applies in, while
     * updates in different versions are recorded apart.
     */
    public ManagerId id() {
        return new ManagerId(manager, operation, subresource, operation == Operation.APPLY ? "" : apiVersion);
    }

    public ManagedFieldsEntry withFields(FieldSet newFields) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, newFields);
    }

    /**
     * How Kubernetes names a manager in conflict messages: {@code "kubectl"} for an applier,
     * {@code "kube-controller-manager" using apps/v1} for an updater, with {@code with subresource "status"} when
     * it wrote a subresource.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(quote(manager));
        if (!subresource.isEmpty()) {
            sb.append(" with subresource ").append(quote(subresource));
        }
        if (operation == Operation.UPDATE) {
            sb.append(" using ").append(apiVersion);
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The identity of a manager entry. */
    public record ManagerId(String manager, Operation operation, String subresource, String apiVersion) {
    }
}
