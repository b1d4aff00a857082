package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's environment as the kubelet builds it: envFrom first (with its prefix), then env in order,
 * each value $(VAR)-expanded against what came before; valueFrom reads the pod's own fields, its
 * resources, and ConfigMap / Secret keys. A missing non-optional source fails the start with the
 * kubelet's message (CreateContainerConfigError).
 */
final class EnvResolver {

    private final KubernetesClient client;

    EnvResolver(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The container's environment: envFrom, then env (whose $(VAR) references see the service variables too),
     * then the service variables the container did not set itself, as the kubelet orders them.
     */
    Map<String, String> resolve(Pod pod, Container container, PodFields fields, Map<String, String> serviceEnv)
            throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    ConfigMap cm = client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
                    if (cm == null) {
                        if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                            throw new ContainerConfigException("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                        }
                    } else if (cm.getData() != null) {
                        cm.getData().forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
                if (from.getSecretRef() != null) {
                    Secret secret = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
                    if (secret == null) {
                        if (!Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                            throw new ContainerConfigException("secret \"" + from.getSecretRef().getName() + "\" not found");
                        }
                    } else {
                        secretData(secret).forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                String value;
                if (var.getValueFrom() != null) {
                    value = valueFrom(ns, var.getName(), var.getValueFrom(), container, fields);
                    if (value == null) {
                        continue;
                    }
                } else {
                    Map<String, String> visible = new LinkedHashMap<>(serviceEnv);
                    visible.putAll(env);
                    value = VarExpansion.expand(var.getValue() == null ? "" : var.getValue(), visible);
                }
                env.put(var.getName(), value);
            }
        }
        serviceEnv.forEach(env::putIfAbsent);
        return env;
    }

    private String valueFrom(String ns, String name, EnvVarSource source, Container container, PodFields fields)
            throws ContainerConfigException {
        if (source.getFieldRef() != null) {
            return fields.field(source.getFieldRef().getFieldPath());
        }
        if (source.getResourceFieldRef() != null) {
            return fields.resource(container, source.getResourceFieldRef());
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
            String value = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ContainerConfigException(cm == null
                        ? "configmap \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return value;
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
            String value = secret == null ? null : secretData(secret).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ContainerConfigException(secret == null
                        ? "secret \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return value;
        }
        throw new ContainerConfigException("env " + name + ": valueFrom names no source");
    }

    static Map<String, String> secretData(Secret secret) {
        Map<String, String> out = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            out.putAll(secret.getStringData());
        }
        return out;
    }
}
