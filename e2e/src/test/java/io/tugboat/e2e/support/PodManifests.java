package io.tugboat.e2e.support;

import io.tugboat.testkit.TugCluster;

/** YAML for pods that tests of the node agent apply with kubectl. */
public final class PodManifests {

    private PodManifests() {
    }

    /**
     * A pod in the default namespace bound to the cluster's own node (no scheduler involved), with {@code spec}
     * (YAML lines at the level of {@code spec:}'s fields, e.g. {@code containers:}) added to its spec.
     */
    public static String onTheClusterNode(String name, int terminationGracePeriodSeconds, String spec) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: default
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: %d
                %s""".formatted(name, TugCluster.NODE_NAME, terminationGracePeriodSeconds, spec.indent(2));
    }
}
