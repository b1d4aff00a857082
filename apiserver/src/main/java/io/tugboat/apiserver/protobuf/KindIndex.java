package io.tugboat.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the protobuf message for an apiVersion and kind, and any message or field by its full proto name.
 *
 * <p>Kubernetes generates one .proto package per group version, named after the group's short name:
 * {@code k8s.io.api.<short>.<version>} (k8s.io.api.apps.v1, k8s.io.api.rbac.v1 for rbac.authorization.k8s.io,
 * k8s.io.api.core.v1 for the core group ""), and names each message after its Go type, which is the kind.
 * So the index keys messages by (short name, version) taken from the package's last two segments, and maps an
 * API group to its short name: its first DNS label. Only Kubernetes' own group names qualify (no dot, or
 * ending in .k8s.io), so a custom group such as {@code apps.example.com} never borrows a built-in schema.
 */
final class KindIndex {

    private static final Pattern VERSION = Pattern.compile("v\\d+(?:(?:alpha|beta)\\d+)?");
    private static final String META_PACKAGE = "meta/v1";

    /**
     * Types Kubernetes registers in every group version (metav1.AddToGroupVersion) although their schema lives
     * in meta/v1: typed clients encode e.g. the DeleteOptions of a Deployment delete as "apps/v1, DeleteOptions".
     */
    private static final Set<String> IN_EVERY_GROUP = Set.of(
            "ListOptions", "GetOptions", "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions",
            "WatchEvent", "Status");

    private final Map<String, Map<String, Descriptor>> byPackage = new HashMap<>();
    private final Map<String, Descriptor> byFullName = new HashMap<>();

    KindIndex(List<FileDescriptor> files) {
        for (FileDescriptor file : files) {
            String key = packageKey(file.getPackage());
            for (Descriptor message : file.getMessageTypes()) {
                byFullName.put(message.getFullName(), message);
                if (key != null) {
                    byPackage.computeIfAbsent(key, k -> new HashMap<>()).put(message.getName(), message);
                }
            }
        }
    }

    /** The message a body of this apiVersion ("v1", "apps/v1") and kind is encoded with, if this server knows it. */
    Optional<Descriptor> find(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String shortName = shortName(group);
        if (shortName == null) {
            return Optional.empty();
        }
        Descriptor found = byPackage.getOrDefault(shortName + "/" + version, Map.of()).get(kind);
        if (found == null && IN_EVERY_GROUP.contains(kind)) {
            found = byPackage.getOrDefault(META_PACKAGE, Map.of()).get(kind);
        }
        return Optional.ofNullable(found);
    }

    /** A top-level message by full name, e.g. "k8s.io.api.core.v1.PodSpec". */
    Optional<Descriptor> message(String fullName) {
        return Optional.ofNullable(byFullName.get(fullName));
    }

    /** A field by message full name and field name, e.g. ("k8s.io.api.apps.v1.DeploymentSpec", "replicas"). */
    Optional<FieldDescriptor> field(String messageFullName, String fieldName) {
        return message(messageFullName).map(m -> m.findFieldByName(fieldName));
    }

    private static String shortName(String group) {
        if (group.isEmpty()) {
            return "core";
        }
        int dot = group.indexOf('.');
        if (dot < 0) {
            return group;
        }
        return group.endsWith(".k8s.io") ? group.substring(0, dot) : null;
    }

    /** "k8s.io.api.apps.v1" -> "apps/v1"; "k8s.io.apimachinery.pkg.apis.meta.v1" -> "meta/v1"; null if unversioned. */
    private static String packageKey(String protoPackage) {
        String[] parts = protoPackage.split("\\.");
        if (parts.length < 2 || !VERSION.matcher(parts[parts.length - 1]).matches()) {
            return null;
        }
        return parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
}
