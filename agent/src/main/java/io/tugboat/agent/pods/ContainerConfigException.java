package io.tugboat.agent.pods;

/** A container cannot be configured (missing ConfigMap, key, volume...): reason CreateContainerConfigError. */
public class ContainerConfigException extends Exception {
    public ContainerConfigException(String message) {
        super(message);
    }
}
