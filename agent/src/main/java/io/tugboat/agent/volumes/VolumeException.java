package io.tugboat.agent.volumes;

/** A volume cannot be set up yet or at all (FailedMount); the pod waits and the agent retries. */
public class VolumeException extends Exception {
    public VolumeException(String message) {
        super(message);
    }

    public VolumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
