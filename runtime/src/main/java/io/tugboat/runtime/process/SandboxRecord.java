package io.tugboat.runtime.process;

import io.tugboat.runtime.Mount;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as kept on disk. It is written before anything is made and again once everything is, so after a
 * crash an incomplete record still names what to undo.
 *
 * @param netns      network namespace name, null for host network
 * @param utsFile    file the UTS namespace is bound to, null for host network
 * @param ip         pod IP once attached
 * @param cgroupDirs the sandbox's cgroup directories
 */
record SandboxRecord(String id, String hostname, boolean hostNetwork, Map<String, String> labels, List<Mount> files,
                     String netns, String utsFile, String ip, List<String> cgroupDirs, boolean complete,
                     String createdAt) {

    SandboxRecord completed(String newIp, List<String> dirs) {
        return new SandboxRecord(id, hostname, hostNetwork, labels, files, netns, utsFile, newIp, dirs, true, createdAt);
    }

    SandboxRecord withCgroups(List<String> dirs) {
        return new SandboxRecord(id, hostname, hostNetwork, labels, files, netns, utsFile, ip, dirs, complete, createdAt);
    }
}
