package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;

/** Pods and services as the API serves them (defaulted), for the endpoint controllers' pure parts. */
final class Fixtures {

    private Fixtures() {
    }

    static Service service(String name, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("svc-uid")
                .withCreationTimestamp("2024-01-01T00:00:00Z").addToLabels("team", "a").endMetadata()
                .withNewSpec().withSelector(Map.of("app", name)).withPorts(ports).endSpec().build();
    }

    static ServicePort port(String name, int port, Object targetPort) {
        IntOrString target = targetPort instanceof Integer i ? new IntOrString(i) : new IntOrString((String) targetPort);
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(target).withProtocol("TCP").build();
    }

    static ContainerPort containerPort(String name, int port) {
        ContainerPort p = new ContainerPort();
        p.setName(name);
        p.setContainerPort(port);
        p.setProtocol("TCP");
        return p;
    }

    static Pod pod(String name, String app, String ip, boolean ready, ContainerPort... ports) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("main").withPorts(List.of(ports)).endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2024-01-01T00:01:00Z").endCondition().endStatus()
                .build();
    }

    static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2024-01-01T00:05:00Z").endMetadata().build();
    }

    static Pod phase(Pod pod, String phase) {
        return new PodBuilder(pod).editStatus().withPhase(phase).endStatus().build();
    }
}
