package io.tugboat.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The decoder writes proto field names as JSON names and merges inlined structs into their parent. This
 * checks that, for every kind Tugboat serves, each proto field (after inlining) is a JSON property of the
 * fabric8 model the server reads the object into, all the way down. A field that is not would be dropped
 * or misread silently, so a new exception must be handled in {@link GoFieldRules} (or listed below).
 */
class JsonNamesTest {

    /**
     * Fields of the bundled (older) descriptors that Kubernetes has since removed, which fabric8 no longer
     * models. Go clients of the Kubernetes versions kubectl 1.32 supports never send them.
     */
    private static final Set<String> REMOVED_UPSTREAM = Set.of(
            "k8s.io.api.core.v1.PodResourceClaim.source");

    /** Types with their own JSON form, checked by the decoder tests rather than property by property. */
    private static final Set<String> OWN_JSON = Set.of(
            "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
            "k8s.io.apimachinery.pkg.api.resource.Quantity",
            "k8s.io.apimachinery.pkg.apis.meta.v1.Time",
            "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime",
            "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1",
            "k8s.io.apimachinery.pkg.runtime.RawExtension");

    private final ObjectMapper mapper = new ObjectMapper();
    private final KindIndex index = new KindIndex(KubernetesProtoFiles.all().files());
    private final GoFieldRules rules = new GoFieldRules(index);

    @Test
    void everyProtoFieldOfEveryServedKindIsAJsonPropertyOfItsModel() {
        Set<String> mismatches = new TreeSet<>();
        Set<String> visited = new HashSet<>();
        for (ResourceType type : ResourceTypes.builtIn().all()) {
            Descriptor message = index.find(type.apiVersion(), type.kind()).orElse(null);
            assertThat(message).as("protobuf schema of %s %s", type.apiVersion(), type.kind()).isNotNull();
            compare(message, mapper.constructType(type.javaType()), type.kind(), visited, mismatches);
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void fieldRulesNameOnlyRealFieldsOrFieldsNewerThanTheBundledDescriptors() {
        // Each of these exists upstream (Kubernetes 1.31 to 1.34) but not yet in client-java-proto 25.0.0.
        // When an upgrade of the descriptors resolves one, remove it here: the rule then takes effect.
        assertThat(rules.unresolved()).containsExactlyInAnyOrder(
                "k8s.io.api.apps.v1.DeploymentStatus.terminatingReplicas",
                "k8s.io.api.apps.v1.ReplicaSetStatus.terminatingReplicas",
                "k8s.io.api.core.v1.ContainerStatus.stopSignal",
                "k8s.io.api.core.v1.FileKeySelector.optional",
                "k8s.io.api.core.v1.Lifecycle.stopSignal",
                "k8s.io.api.core.v1.NodeFeatures.supplementalGroupsPolicy",
                "k8s.io.api.core.v1.NodeRuntimeHandlerFeatures.userNamespaces",
                "k8s.io.api.core.v1.NodeSwapStatus.capacity",
                "k8s.io.api.core.v1.PodCertificateProjection.maxExpirationSeconds",
                "k8s.io.api.core.v1.PodLogOptions.stream",
                "k8s.io.api.core.v1.PodResourceClaim.resourceClaimName",
                "k8s.io.api.core.v1.PodResourceClaim.resourceClaimTemplateName",
                "k8s.io.api.core.v1.PodSchedulingGroup.podGroupName",
                "k8s.io.api.core.v1.PodSecurityContext.seLinuxChangePolicy",
                "k8s.io.api.core.v1.PodSecurityContext.supplementalGroupsPolicy",
                "k8s.io.api.core.v1.PodSpec.hostnameOverride",
                "k8s.io.api.core.v1.ResourceHealth.message",
                "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential");
    }

    private void compare(Descriptor message, JavaType model, String path, Set<String> visited, Set<String> mismatches) {
        if (OWN_JSON.contains(message.getFullName()) || !visited.add(message.getFullName() + " as " + model)) {
            return;
        }
        Map<String, JavaType> properties = properties(model);
        for (FieldDescriptor field : jsonFields(message)) {
            JavaType property = properties.get(field.getName());
            if (property == null) {
                if (!REMOVED_UPSTREAM.contains(field.getFullName())) {
                    mismatches.add(path + "." + field.getName() + " (" + field.getFullName() + ") is not a property of "
                            + model.getRawClass().getName());
                }
                continue;
            }
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isMapField()) {
                FieldDescriptor value = field.getMessageType().findFieldByName("value");
                if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    compare(value.getMessageType(), property.getContentType(), path + "." + field.getName() + "[*]",
                            visited, mismatches);
                }
            } else {
                compare(field.getMessageType(), field.isRepeated() ? property.getContentType() : property,
                        path + "." + field.getName(), visited, mismatches);
            }
        }
    }

    /** The fields whose names appear in the message's JSON: inlined messages contribute their own fields. */
    private List<FieldDescriptor> jsonFields(Descriptor message) {
        List<FieldDescriptor> out = new ArrayList<>();
        for (FieldDescriptor field : message.getFields()) {
            if (rules.isInline(field)) {
                out.addAll(jsonFields(field.getMessageType()));
            } else {
                out.add(field);
            }
        }
        return out;
    }

    private Map<String, JavaType> properties(JavaType model) {
        BeanDescription bean = mapper.getSerializationConfig().introspect(model);
        Map<String, JavaType> out = new HashMap<>();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            out.put(property.getName(), property.getPrimaryType());
        }
        return out;
    }
}
