package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** The {@code <NAME>_SERVICE_HOST} / {@code _PORT} variables Kubernetes gives a pod's containers. */
public interface ServiceLinks {

    Map<String, String> environment(Pod pod);

    ServiceLinks NONE = pod -> Map.of();
}
