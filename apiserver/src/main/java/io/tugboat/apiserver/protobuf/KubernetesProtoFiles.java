package io.tugboat.apiserver.protobuf;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admission;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The .proto files of the Kubernetes API that Tugboat can decode, with everything they import.
 *
 * <p>The generated descriptors come from {@code io.kubernetes:client-java-proto}. That artifact carries the GA
 * groups (and a few betas) but not coordination.k8s.io/v1 nor discovery.k8s.io/v1, which Tugboat serves, so
 * those two come from {@link SupplementalProtos}. Only GA versions are loaded: the artifact's beta files are
 * versions Kubernetes has since removed or changed, and a body naming one gets a clear "no kind" answer.
 */
record KubernetesProtoFiles(List<FileDescriptor> files) {

    KubernetesProtoFiles {
        files = List.copyOf(files);
    }

    static KubernetesProtoFiles all() {
        List<FileDescriptor> roots = new ArrayList<>(List.of(
                V1.getDescriptor(),
                V1Apps.getDescriptor(),
                V1Batch.getDescriptor(),
                V1Rbac.getDescriptor(),
                V1Autoscaling.getDescriptor(),
                V1Policy.getDescriptor(),
                V1Networking.getDescriptor(),
                V1Storage.getDescriptor(),
                V1Scheduling.getDescriptor(),
                V1Certificates.getDescriptor(),
                V1Authentication.getDescriptor(),
                V1Authorization.getDescriptor(),
                V1Admission.getDescriptor(),
                V1Admissionregistration.getDescriptor()));
        roots.addAll(SupplementalProtos.files());
        return new KubernetesProtoFiles(withImports(roots));
    }

    /** The files and, transitively, the files they import (meta/v1, runtime, intstr, resource), each once. */
    static List<FileDescriptor> withImports(List<FileDescriptor> roots) {
        Map<String, FileDescriptor> byName = new LinkedHashMap<>();
        Deque<FileDescriptor> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            FileDescriptor file = pending.pop();
            if (byName.putIfAbsent(file.getName(), file) == null) {
                pending.addAll(file.getDependencies());
            }
        }
        return List.copyOf(byName.values());
    }
}
