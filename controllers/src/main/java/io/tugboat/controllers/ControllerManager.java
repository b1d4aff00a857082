package io.tugboat.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * The controller manager: every controller of {@link ControllerSet} (workloads, node lifecycle, disruption,
 * endpoints, service load balancer, default ServiceAccounts, the garbage collector), all reaching the cluster only
 * through the given client. With leader election, several managers may run and only the holder of the Lease
 * {@code kube-system/tugboat-controller-manager} acts; one that loses the Lease stops its controllers and campaigns
 * again. The caller owns the client and closes it after this manager.
 */
public final class ControllerManager implements AutoCloseable {

    public static final String LEASE_NAMESPACE = LeaderElected.LEASE_NAMESPACE;
    public static final String LEASE_NAME = "tugboat-controller-manager";

    private final LeaderElected runner;

    private ControllerManager(LeaderElected runner) {
        this.runner = runner;
    }

    /** Starts every controller now (no election): returns once their caches are synced and their workers run. */
    public static ControllerManager start(KubernetesClient client) {
        return new ControllerManager(LeaderElected.always(client, LEASE_NAME, () -> controllers(client)));
    }

    /** Campaigns for the Lease as {@code identity} (unique per server) and runs the controllers while holding it. */
    public static ControllerManager startWithLeaderElection(KubernetesClient client, String identity) {
        return new ControllerManager(LeaderElected.campaign(client, LEASE_NAME, identity, () -> controllers(client)));
    }

    private static ControllerSet controllers(KubernetesClient client) throws Exception {
        ControllerSet set = new ControllerSet(client, Clock.systemUTC());
        try {
            set.start();
            return set;
        } catch (Exception | Error e) {
            set.close();
            throw e;
        }
    }

    /** Whether this manager's controllers are running (always, without election, until closed). */
    public boolean isLeading() {
        return runner.isLeading();
    }

    @Override
    public void close() {
        runner.close();
    }
}
