package io.tugboat.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.client.ClusterAccess;
import io.tugboat.controllers.ControllerManager;
import io.tugboat.controllers.LeaderElected;
import io.tugboat.controllers.scheduling.SchedulerService;
import java.net.InetAddress;
import java.util.UUID;

/** The scheduler and controllers of a control plane, reaching the API server through the client like any remote part. */
final class ControlLoops implements AutoCloseable {

    /** kube-scheduler's Lease is kube-system/kube-scheduler; ours is named for us. */
    static final String SCHEDULER_LEASE = "tugboat-scheduler";

    private final KubernetesClient client;
    private final LeaderElected scheduler;
    private final ControllerManager controllers;

    private ControlLoops(KubernetesClient client, LeaderElected scheduler, ControllerManager controllers) {
        this.client = client;
        this.scheduler = scheduler;
        this.controllers = controllers;
    }

    /**
     * Starts the scheduler and, unless disabled, the controller manager, each acting only while this server holds its
     * Lease, so that several servers can run them and exactly one of each acts. (Were two schedulers to act at once,
     * the binding subresource would still refuse a second binding of a pod.)
     */
    static ControlLoops start(ClusterAccess access, boolean controllersEnabled) throws Exception {
        KubernetesClient client = access.connect("tug-control-plane");
        LeaderElected scheduler = null;
        try {
            String identity = InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID();
            scheduler = LeaderElected.campaign(client, SCHEDULER_LEASE, identity, () -> new SchedulerService(client).start());
            ControllerManager controllers = controllersEnabled ? ControllerManager.startWithLeaderElection(client, identity) : null;
            return new ControlLoops(client, scheduler, controllers);
        } catch (Exception | Error e) {
            if (scheduler != null) {
                scheduler.close();
            }
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (controllers != null) {
            controllers.close();
        }
        scheduler.close();
        client.close();
    }
}
