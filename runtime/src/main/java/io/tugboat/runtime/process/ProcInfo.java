package io.tugboat.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What /proc tells about a process: enough to know whether a recorded pid is still our process. */
record ProcInfo(long pid, char state, long pgrp, long startTicks) {

    static Optional<ProcInfo> read(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Optional.of(new ProcInfo(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True while the process with {@code pid} exists, has not exited (zombie) and is the one that started then. */
    static boolean alive(long pid, long startTicks) {
        return read(pid).filter(p -> p.state != 'Z' && p.state != 'X' && p.startTicks == startTicks).isPresent();
    }

    /**
     * The direct children of the process's main thread; empty when the process is gone or the kernel does not
     * list children (no CONFIG_PROC_CHILDREN: then {@link #childrenListed} is false).
     */
    static java.util.List<Long> children(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"));
            return java.util.Arrays.stream(text.trim().split("\\s+")).filter(x -> !x.isEmpty()).map(Long::parseLong).toList();
        } catch (IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }

    static boolean childrenListed() {
        return Files.exists(Path.of("/proc/self/task").resolve(Long.toString(ProcessHandle.current().pid())).resolve("children"));
    }

    /** The process's command line, NULs as spaces; empty when it is gone. */
    static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
