package io.tugboat.apiserver.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import java.util.List;

/**
 * Schemas of the served groups that {@code client-java-proto} does not ship: coordination.k8s.io/v1 (Lease) and
 * discovery.k8s.io/v1 (EndpointSlice).
 *
 * <p>They are declared here as descriptors with the names, types and field numbers of Kubernetes'
 * {@code k8s.io/api/coordination/v1/generated.proto} and {@code k8s.io/api/discovery/v1/generated.proto}
 * (as of Kubernetes 1.33). Field numbers are the wire contract and never change upstream, so a client built
 * against any Kubernetes version encodes these messages the same way.
 */
final class SupplementalProtos {

    private static final String META = ".k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final String CORE = ".k8s.io.api.core.v1.";

    private SupplementalProtos() {
    }

    static List<FileDescriptor> files() {
        FileDescriptor meta = Meta.getDescriptor();
        FileDescriptor core = V1.getDescriptor();
        return List.of(build(coordinationV1(meta), meta), build(discoveryV1(meta, core), meta, core));
    }

    private static FileDescriptorProto coordinationV1(FileDescriptor meta) {
        String pkg = "k8s.io.api.coordination.v1";
        return FileDescriptorProto.newBuilder()
                .setName("k8s.io/api/coordination/v1/generated.proto")
                .setPackage(pkg)
                .setSyntax("proto2")
                .addDependency(meta.getName())
                .addMessageType(message("Lease",
                        message(1, "metadata", META + "ObjectMeta"),
                        message(2, "spec", "." + pkg + ".LeaseSpec")))
                .addMessageType(message("LeaseList",
                        message(1, "metadata", META + "ListMeta"),
                        repeatedMessage(2, "items", "." + pkg + ".Lease")))
                .addMessageType(message("LeaseSpec",
                        scalar(1, "holderIdentity", Type.TYPE_STRING),
                        scalar(2, "leaseDurationSeconds", Type.TYPE_INT32),
                        message(3, "acquireTime", META + "MicroTime"),
                        message(4, "renewTime", META + "MicroTime"),
                        scalar(5, "leaseTransitions", Type.TYPE_INT32),
                        scalar(6, "strategy", Type.TYPE_STRING),
                        scalar(7, "preferredHolder", Type.TYPE_STRING)))
                .build();
    }

    private static FileDescriptorProto discoveryV1(FileDescriptor meta, FileDescriptor core) {
        String pkg = "k8s.io.api.discovery.v1";
        String local = "." + pkg + ".";
        return FileDescriptorProto.newBuilder()
                .setName("k8s.io/api/discovery/v1/generated.proto")
                .setPackage(pkg)
                .setSyntax("proto2")
                .addDependency(core.getName())
                .addDependency(meta.getName())
                .addMessageType(message("Endpoint",
                        repeatedScalar(1, "addresses", Type.TYPE_STRING),
                        message(2, "conditions", local + "EndpointConditions"),
                        scalar(3, "hostname", Type.TYPE_STRING),
                        message(4, "targetRef", CORE + "ObjectReference"),
                        repeatedMessage(5, "deprecatedTopology", local + "Endpoint.DeprecatedTopologyEntry"),
                        scalar(6, "nodeName", Type.TYPE_STRING),
                        scalar(7, "zone", Type.TYPE_STRING),
                        message(8, "hints", local + "EndpointHints"))
                        .toBuilder().addNestedType(stringMapEntry("DeprecatedTopologyEntry")).build())
                .addMessageType(message("EndpointConditions",
                        scalar(1, "ready", Type.TYPE_BOOL),
                        scalar(2, "serving", Type.TYPE_BOOL),
                        scalar(3, "terminating", Type.TYPE_BOOL)))
                .addMessageType(message("EndpointHints",
                        repeatedMessage(1, "forZones", local + "ForZone"),
                        repeatedMessage(2, "forNodes", local + "ForNode")))
                .addMessageType(message("EndpointPort",
                        scalar(1, "name", Type.TYPE_STRING),
                        scalar(2, "protocol", Type.TYPE_STRING),
                        scalar(3, "port", Type.TYPE_INT32),
                        scalar(4, "appProtocol", Type.TYPE_STRING)))
                .addMessageType(message("EndpointSlice",
                        message(1, "metadata", META + "ObjectMeta"),
                        scalar(4, "addressType", Type.TYPE_STRING),
                        repeatedMessage(2, "endpoints", local + "Endpoint"),
                        repeatedMessage(3, "ports", local + "EndpointPort")))
                .addMessageType(message("EndpointSliceList",
                        message(1, "metadata", META + "ListMeta"),
                        repeatedMessage(2, "items", local + "EndpointSlice")))
                .addMessageType(message("ForNode", scalar(1, "name", Type.TYPE_STRING)))
                .addMessageType(message("ForZone", scalar(1, "name", Type.TYPE_STRING)))
                .build();
    }

    private static FileDescriptor build(FileDescriptorProto proto, FileDescriptor... dependencies) {
        try {
            return FileDescriptor.buildFrom(proto, dependencies);
        } catch (DescriptorValidationException e) {
            // The declarations above are constants: failing here is a programming error, caught by the tests.
            throw new IllegalStateException("invalid built-in descriptor " + proto.getName(), e);
        }
    }

    private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
        return DescriptorProto.newBuilder().setName(name).addAllField(List.of(fields)).build();
    }

    /** A proto map<string, string> is a repeated nested entry message marked map_entry. */
    private static DescriptorProto stringMapEntry(String name) {
        return DescriptorProto.newBuilder()
                .setName(name)
                .addField(scalar(1, "key", Type.TYPE_STRING))
                .addField(scalar(2, "value", Type.TYPE_STRING))
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .build();
    }

    private static FieldDescriptorProto scalar(int number, String name, Type type) {
        return field(number, name, Label.LABEL_OPTIONAL).setType(type).build();
    }

    private static FieldDescriptorProto repeatedScalar(int number, String name, Type type) {
        return field(number, name, Label.LABEL_REPEATED).setType(type).build();
    }

    private static FieldDescriptorProto message(int number, String name, String typeName) {
        return field(number, name, Label.LABEL_OPTIONAL).setType(Type.TYPE_MESSAGE).setTypeName(typeName).build();
    }

    private static FieldDescriptorProto repeatedMessage(int number, String name, String typeName) {
        return field(number, name, Label.LABEL_REPEATED).setType(Type.TYPE_MESSAGE).setTypeName(typeName).build();
    }

    private static FieldDescriptorProto.Builder field(int number, String name, Label label) {
        // json_name keeps the descriptor identical to what protoc emits for these lowerCamel names.
        return FieldDescriptorProto.newBuilder().setNumber(number).setName(name).setJsonName(name).setLabel(label);
    }
}
