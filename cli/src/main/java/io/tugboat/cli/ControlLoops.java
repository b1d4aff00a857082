package io.tugboat.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.client.ClusterAccess;
import io.tugboat.controllers.ControllerManager;
import io.tugboat.controllers.scheduling.SchedulerService;
import java.net.InetAddress;
import java.util.UUID;

/** The scheduler and controllers of a control plane, reaching the API server through the client like any remote part. */
final class ControlLoops implements AutoCloseable {

    private final KubernetesClient client;
    private final SchedulerService scheduler;
    private final ControllerManager controllers;

    private ControlLoops(KubernetesClient client, SchedulerService scheduler, ControllerManager controllers) {
        this.client = client;
        this.scheduler = scheduler;
        this.controllers = controllers;
    }

    /**
     * Starts the scheduler and, unless disabled, the controller manager; the controllers act only while this server
     * holds their Lease, so several servers can run them. Every server runs a scheduler: the binding subresource
     * refuses a second binding of a pod, so two never place one pod twice.
     */
    static ControlLoops start(ClusterAccess access, boolean controllersEnabled) throws Exception {
        KubernetesClient client = access.connect("tug-control-plane");
        SchedulerService scheduler = null;
        try {
            scheduler = new SchedulerService(client).start();
            ControllerManager controllers = controllersEnabled
                    ? ControllerManager.startWithLeaderElection(client, InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID())
                    : null;
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
