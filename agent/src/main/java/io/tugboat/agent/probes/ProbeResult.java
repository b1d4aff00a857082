package io.tugboat.agent.probes;

/** One probe attempt: success, or failure with the text the kubelet puts in its Unhealthy event. */
public record ProbeResult(boolean success, String output) {
    public static ProbeResult ok() {
        return new ProbeResult(true, "");
    }

    public static ProbeResult failed(String output) {
        return new ProbeResult(false, output);
    }
}
