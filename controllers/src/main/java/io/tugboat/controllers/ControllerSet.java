package io.tugboat.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.controllers.cronjob.CronJobController;
import io.tugboat.controllers.daemonset.DaemonSetController;
import io.tugboat.controllers.deployment.DeploymentController;
import io.tugboat.controllers.disruption.DisruptionController;
import io.tugboat.controllers.endpoints.EndpointSliceController;
import io.tugboat.controllers.endpoints.EndpointSliceMirroringController;
import io.tugboat.controllers.endpoints.EndpointsController;
import io.tugboat.controllers.gc.GarbageCollector;
import io.tugboat.controllers.job.JobController;
import io.tugboat.controllers.nodelifecycle.NodeLifecycleController;
import io.tugboat.controllers.replicaset.ReplicaSetController;
import io.tugboat.controllers.serviceaccount.ServiceAccountController;
import io.tugboat.controllers.servicelb.ServiceLoadBalancerController;
import io.tugboat.controllers.statefulset.StatefulSetController;
import io.tugboat.controllers.support.Controller;
import io.tugboat.controllers.support.SharedInformers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every controller over one set of shared informers, started together and stopped together. */
final class ControllerSet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControllerSet.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

    private final SharedInformers informers;
    private final List<Controller> controllers;

    ControllerSet(KubernetesClient client, Clock clock) {
        this.informers = new SharedInformers(client);
        this.controllers = List.of(
                new ReplicaSetController(client, informers, clock),
                new DeploymentController(client, informers, clock),
                new JobController(client, informers, clock),
                new CronJobController(client, informers, clock),
                new StatefulSetController(client, informers, clock),
                new DaemonSetController(client, informers, clock),
                new ServiceAccountController(client, informers),
                new NodeLifecycleController(client, informers, clock),
                new DisruptionController(client, informers, clock),
                new EndpointSliceController(client, informers, clock),
                new EndpointsController(client, informers),
                new EndpointSliceMirroringController(client, informers),
                new ServiceLoadBalancerController(client, informers),
                new GarbageCollector(client));
    }

    void start() throws Exception {
        informers.startAndSync(SYNC_TIMEOUT);
        for (Controller c : controllers) {
            c.start();
            log.debug("controller {} started", c.name());
        }
        log.info("controllers running: {}", controllers.stream().map(Controller::name).toList());
    }

    @Override
    public void close() {
        for (Controller c : controllers.reversed()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.warn("controller {} did not stop cleanly", c.name(), e);
            }
        }
        informers.close();
    }
}
