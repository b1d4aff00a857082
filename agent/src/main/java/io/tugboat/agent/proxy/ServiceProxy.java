package io.tugboat.agent.proxy;

import io.tugboat.agent.services.ClusterServices;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's service proxy: keeps the kernel forwarding every cluster IP, node port and external IP to the
 * ready endpoints, through nftables (the connections then never pass through this process, so forwarding
 * costs what NAT costs). Changes are batched for a moment and applied as one script; a failed apply is
 * retried.
 */
public final class ServiceProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);
    private static final long BATCH_MILLIS = 30;
    private static final long RETRY_MILLIS = 1_000;

    private final ClusterServices view;
    private final String nodeName;
    private final NftScript script;
    private final NftTable table;
    private final StaleFlows staleFlows = new StaleFlows(List.of());
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("service-proxy").daemon().factory());
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private NftScript.Rendered applied;
    private List<ProxiedPort> appliedPorts = List.of();

    public ServiceProxy(ClusterServices view, String nodeName, String bridge) {
        this.view = view;
        this.nodeName = nodeName;
        String tableName = tableName(bridge);
        this.script = new NftScript(tableName, bridge);
        this.table = new NftTable(tableName);
    }

    /** The node's table, named by its pod bridge, which is unique on a host: agents sharing one keep to their own. */
    public static String tableName(String bridge) {
        return "tugboat_" + bridge;
    }

    public static boolean available() {
        return NftTable.available();
    }

    public void start() {
        view.onChange(this::requestSync);
        requestSync();
    }

    private void requestSync() {
        if (scheduled.compareAndSet(false, true)) {
            worker.schedule(this::sync, BATCH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void sync() {
        scheduled.set(false);
        List<ProxiedPort> ports = ProxyRules.build(view.services(), view.slices(), nodeName);
        if (applied != null && ports.equals(appliedPorts)) {
            return;
        }
        NftScript.Rendered rendered = script.render(ports, applied);
        try {
            table.apply(rendered.text());
            staleFlows.delete(StaleFlows.between(appliedPorts, ports));
            if (applied == null) {
                log.info("service proxy: forwarding {} service ports through nftables table {}", ports.size(), script.table());
            } else {
                log.debug("service proxy: {} service ports", ports.size());
            }
            applied = rendered;
            appliedPorts = ports;
        } catch (IOException | RuntimeException e) {
            log.warn("service proxy: cannot apply the rules, retrying in {} ms: {}", RETRY_MILLIS, e.getMessage());
            if (scheduled.compareAndSet(false, true)) {
                worker.schedule(this::sync, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Stops; with {@code removeRules} the node's table goes too (an orderly node stop, its pods gone). */
    public void stop(boolean removeRules) {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (removeRules) {
            try {
                table.delete();
            } catch (IOException e) {
                log.warn("service proxy: cannot remove table {}: {}", script.table(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        stop(true);
    }
}
