package io.tugboat.runtime.process;

import io.tugboat.runtime.ContainerSpec;
import java.util.List;

/**
 * A container as kept on disk: written before its process starts, then with pid and start time, then with its
 * exit. {@code startTicks} (field 22 of /proc/pid/stat) tells our process from a later one that reused the pid.
 */
record ContainerRecord(ContainerSpec spec, long pid, long startTicks, String startedAt, List<String> cgroupDirs,
                       Integer exitCode, String reason, String finishedAt) {

    ContainerRecord started(long newPid, long ticks, String at) {
        return new ContainerRecord(spec, newPid, ticks, at, cgroupDirs, exitCode, reason, finishedAt);
    }

    ContainerRecord exited(int code, String why, String at) {
        return new ContainerRecord(spec, pid, startTicks, startedAt, cgroupDirs, code, why, at);
    }
}
