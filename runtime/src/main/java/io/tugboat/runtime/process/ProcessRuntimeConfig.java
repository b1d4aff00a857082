package io.tugboat.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a {@link ProcessRuntime} is set up. Everything two clusters (or two tests) on one machine could collide on
 * is here: the state directory (which also holds the IPAM leases), the bridge, the pod CIDR and the cgroup parent;
 * network namespace names are derived from the cgroup parent and the sandbox id.
 *
 * @param stateDir     where sandboxes/ and containers/ are recorded; survives agent restarts
 * @param isolate      namespaces, pod IPs and cgroups (needs root); false runs everything on the host network
 * @param bridgeName   the node's bridge (at most 15 characters, a Linux interface name)
 * @param podCidr      this node's pod range, e.g. 10.42.0.0/24; the bridge gets its first address
 * @param cniBinDir    where the CNI plugins are (Debian: /usr/lib/cni)
 * @param cgroupParent cgroup directory the pods go under, e.g. "tugboat"
 * @param logMaxBytes  a container log is rotated when it would grow past this
 * @param logMaxFiles  log files kept per container, the live one included
 */
public record ProcessRuntimeConfig(Path stateDir, boolean isolate, String bridgeName, String podCidr, Path cniBinDir,
                                   String cgroupParent, long logMaxBytes, int logMaxFiles) {

    public ProcessRuntimeConfig {
        if (bridgeName.isEmpty() || bridgeName.length() > 15) {
            throw new IllegalArgumentException("bridge name must be 1 to 15 characters: " + bridgeName);
        }
        if (logMaxBytes <= 0 || logMaxFiles <= 0) {
            throw new IllegalArgumentException("log limits must be positive");
        }
        if (!cgroupParent.matches("[A-Za-z0-9._/-]+")) {
            throw new IllegalArgumentException("cgroup parent must be a relative path of [A-Za-z0-9._-]: " + cgroupParent);
        }
    }

    /** The defaults for one node: isolation when root, bridge tug0, 10.42.0.0/24, 10 MiB x 5 log files. */
    public static ProcessRuntimeConfig defaults(Path stateDir) {
        return new ProcessRuntimeConfig(stateDir, runningAsRoot(), "tug0", "10.42.0.0/24", Path.of("/usr/lib/cni"),
                "tugboat", 10L * 1024 * 1024, 5);
    }

    public ProcessRuntimeConfig withIsolate(boolean value) {
        return new ProcessRuntimeConfig(stateDir, value, bridgeName, podCidr, cniBinDir, cgroupParent, logMaxBytes, logMaxFiles);
    }

    public ProcessRuntimeConfig withNetwork(String bridge, String cidr) {
        return new ProcessRuntimeConfig(stateDir, isolate, bridge, cidr, cniBinDir, cgroupParent, logMaxBytes, logMaxFiles);
    }

    public ProcessRuntimeConfig withCgroupParent(String parent) {
        return new ProcessRuntimeConfig(stateDir, isolate, bridgeName, podCidr, cniBinDir, parent, logMaxBytes, logMaxFiles);
    }

    public ProcessRuntimeConfig withLogLimits(long maxBytes, int maxFiles) {
        return new ProcessRuntimeConfig(stateDir, isolate, bridgeName, podCidr, cniBinDir, cgroupParent, maxBytes, maxFiles);
    }

    /** Effective uid 0, read from /proc (no JDK API tells). */
    public static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException ignored) {
            // no /proc: not a Linux we can isolate on
        }
        return false;
    }
}
