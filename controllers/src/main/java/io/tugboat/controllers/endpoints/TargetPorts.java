package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * kube's FindPort: the port a service port reaches on one pod. A numeric targetPort is taken as it is; a named one
 * is the container port of that name and protocol, looked up in the containers and in the sidecars (init
 * containers with restartPolicy Always). A pod that has no such port does not serve that service port.
 */
final class TargetPorts {

    private TargetPorts() {
    }

    /** The service's ports this pod serves, in the service's order. */
    static List<PortSpec> resolve(Service service, Pod pod) {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        List<PortSpec> resolved = new ArrayList<>();
        for (ServicePort sp : ports) {
            find(pod, sp).ifPresent(n -> resolved.add(new PortSpec(sp.getName(), sp.getProtocol(), n, sp.getAppProtocol())));
        }
        return List.copyOf(resolved);
    }

    static OptionalInt find(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return servicePort.getPort() == null ? OptionalInt.empty() : OptionalInt.of(servicePort.getPort());
        }
        if (target.getIntVal() != null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        String protocol = servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol();
        return containers(pod)
                .flatMap(c -> c.getPorts() == null ? Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> Objects.equals(name, p.getName()) && protocol.equals(p.getProtocol() == null ? "TCP" : p.getProtocol()))
                .filter(p -> p.getContainerPort() != null)
                .mapToInt(ContainerPort::getContainerPort)
                .findFirst();
    }

    private static Stream<Container> containers(Pod pod) {
        if (pod.getSpec() == null) {
            return Stream.empty();
        }
        Stream<Container> main = pod.getSpec().getContainers() == null ? Stream.empty() : pod.getSpec().getContainers().stream();
        Stream<Container> sidecars = pod.getSpec().getInitContainers() == null ? Stream.empty()
                : pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy()));
        return Stream.concat(main, sidecars);
    }
}
