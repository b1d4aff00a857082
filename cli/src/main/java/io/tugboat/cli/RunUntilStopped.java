package io.tugboat.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;

/** Starts the control plane, says where the kubeconfig is, and stops everything cleanly on SIGTERM or Ctrl-C. */
final class RunUntilStopped {

    private RunUntilStopped() {
    }

    static int run(ServerOptions options, DataStoreSpec datastore, AgentOptions agentOptions, Logger log) throws Exception {
        ControlPlane plane = ControlPlane.start(options, datastore);
        NodeRole node = null;
        if (agentOptions != null) {
            try {
                node = NodeRole.start(agentOptions, plane.dataDir().resolve("agent"), plane.nodeAccess());
            } catch (Exception | Error e) {
                plane.close();
                throw e;
            }
        }
        NodeRole agent = node;
        String bindAddress = options.bindAddress;
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.info("stopping");
            try {
                // pods first, while the API still answers, then the control plane
                if (agent != null) {
                    agent.close();
                }
                plane.close();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Tugboat is up: API server on https://" + bindAddress + ":" + plane.port());
        System.out.println("  export KUBECONFIG=" + plane.kubeconfig());
        System.out.println("  kubectl get namespaces");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
