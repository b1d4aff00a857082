package io.tugboat.controllers.endpoints;

import java.util.List;

/**
 * One endpoint of an EndpointSlice, with the fields this controller writes. Its identity ({@link #key}) is what
 * kube hashes: addresses, hostname and the pod's namespace and name, so that a change of conditions updates an
 * endpoint in place while a new address is a new endpoint.
 */
public record SliceEndpoint(List<String> addresses, boolean ready, boolean serving, boolean terminating,
        String hostname, String nodeName, PodRef targetRef) {

    public record Key(List<String> addresses, String hostname, String namespace, String name) {
    }

    public SliceEndpoint {
        addresses = List.copyOf(addresses);
    }

    public Key key() {
        return new Key(addresses.stream().sorted().toList(), hostname,
                targetRef == null ? null : targetRef.namespace(), targetRef == null ? null : targetRef.name());
    }

    /**
     * kube's podToEndpoint conditions: serving is the pod's readiness, terminating its deletion, and ready is serving
     * and not terminating, or always true when the service publishes addresses that are not ready.
     */
    static SliceEndpoint of(PodEndpoint pod, boolean publishNotReady) {
        boolean serving = pod.podReady();
        boolean ready = publishNotReady || (serving && !pod.terminating());
        return new SliceEndpoint(pod.addresses(), ready, serving, pod.terminating(), pod.hostname(), pod.nodeName(), pod.pod());
    }
}
