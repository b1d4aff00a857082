package io.tugboat.apiserver.openapi;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names model classes the way Kubernetes names its OpenAPI definitions, so that tools keyed on those
 * names (kubectl explain, client generators, kubectl-validate) find familiar ones.
 *
 * <p>fabric8 keeps the core group and metav1 in one package and drops the version from some groups
 * ({@code apps}, {@code rbac}); the table below puts meta types back in apimachinery, and a group
 * package without a version segment is v1, the only version fabric8 models without a suffix.
 */
final class DefinitionNames {

    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String CORE = "io.k8s.api.core.v1.";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String TIME = META + "Time";
    static final String MICRO_TIME = META + "MicroTime";
    static final String OBJECT_META = META + "ObjectMeta";
    static final String LIST_META = META + "ListMeta";
    static final String STATUS = META + "Status";
    static final String DELETE_OPTIONS = META + "DeleteOptions";
    static final String PATCH = META + "Patch";
    static final String API_RESOURCE_LIST = META + "APIResourceList";

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";

    /** fabric8 classes in the core package that are really k8s.io/apimachinery/pkg/apis/meta/v1 types. */
    private static final Set<String> META_TYPES = Set.of(
            "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition",
            "CreateOptions", "DeleteOptions", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
            "GroupKind", "GroupVersionForDiscovery", "GroupVersionKind", "GroupVersionResource",
            "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ListOptions", "ManagedFieldsEntry",
            "MicroTime", "ObjectMeta", "OwnerReference", "PartialObjectMetadata", "PartialObjectMetadataList",
            "Patch", "PatchOptions", "Preconditions", "RootPaths", "ServerAddressByClientCIDR", "Status",
            "StatusCause", "StatusDetails", "Time", "TypeMeta", "UpdateOptions", "WatchEvent");

    private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

    String nameOf(Class<?> type) {
        String simple = type.getSimpleName();
        String pkg = type.getPackageName();
        if (type.getEnclosingClass() != null || !pkg.startsWith(FABRIC8)) {
            // Not a Kubernetes type: its Java name is unique and says where it lives.
            return type.getName().replace('$', '.');
        }
        if (pkg.equals(FABRIC8)) {
            return switch (simple) {
                case "IntOrString" -> INT_OR_STRING;
                case "Quantity" -> QUANTITY;
                default -> (META_TYPES.contains(simple) ? META : CORE) + simple;
            };
        }
        String[] segments = pkg.substring(FABRIC8.length() + 1).split("\\.");
        String last = segments[segments.length - 1];
        boolean versioned = VERSION.matcher(last).matches();
        String group = String.join(".", versioned
                ? java.util.Arrays.copyOf(segments, segments.length - 1)
                : segments);
        return "io.k8s.api." + group + "." + (versioned ? last : "v1") + "." + simple;
    }
}
