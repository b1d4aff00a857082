package io.tugboat.agent.services;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.tugboat.agent.pods.ServiceLinks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Docker-links-style variables for the Services of a pod's namespace (unless the pod turns
 * enableServiceLinks off) and always for {@code default/kubernetes}, as the kubelet writes them:
 * {@code WEB_SERVICE_HOST=10.43.0.5}, {@code WEB_SERVICE_PORT=80}, {@code WEB_PORT_80_TCP_ADDR=...}.
 */
public final class ServiceEnvironment implements ServiceLinks {

    private final ClusterServices services;

    public ServiceEnvironment(ClusterServices services) {
        this.services = services;
    }

    @Override
    public Map<String, String> environment(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        List<Service> linked = new ArrayList<>();
        if (!Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())) {
            linked.addAll(services.servicesIn(namespace));
        }
        if (!namespace.equals("default") || Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())) {
            services.service("default", "kubernetes").ifPresent(linked::add);
        }
        linked.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        Map<String, String> env = new LinkedHashMap<>();
        for (Service service : linked) {
            variables(service, env);
        }
        return env;
    }

    static void variables(Service service, Map<String, String> env) {
        var spec = service.getSpec();
        String ip = spec == null ? null : spec.getClusterIP();
        if (ip == null || ip.isEmpty() || ip.equals("None") || spec.getPorts() == null || spec.getPorts().isEmpty()) {
            return;
        }
        String name = service.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
        env.put(name + "_SERVICE_HOST", ip);
        ServicePort first = spec.getPorts().get(0);
        env.put(name + "_SERVICE_PORT", Integer.toString(first.getPort()));
        for (ServicePort port : spec.getPorts()) {
            if (port.getName() != null && !port.getName().isEmpty()) {
                env.put(name + "_SERVICE_PORT_" + port.getName().toUpperCase(Locale.ROOT).replace('-', '_'),
                        Integer.toString(port.getPort()));
            }
        }
        env.put(name + "_PORT", url(first, ip));
        for (ServicePort port : spec.getPorts()) {
            String protocol = port.getProtocol() == null ? "tcp" : port.getProtocol().toLowerCase(Locale.ROOT);
            String prefix = name + "_PORT_" + port.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            env.put(prefix, url(port, ip));
            env.put(prefix + "_PROTO", protocol);
            env.put(prefix + "_PORT", Integer.toString(port.getPort()));
            env.put(prefix + "_ADDR", ip);
        }
    }

    private static String url(ServicePort port, String ip) {
        String protocol = port.getProtocol() == null ? "tcp" : port.getProtocol().toLowerCase(Locale.ROOT);
        return protocol + "://" + ip + ":" + port.getPort();
    }
}
