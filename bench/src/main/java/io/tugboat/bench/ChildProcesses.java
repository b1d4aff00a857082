package io.tugboat.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The harnesses' child processes: a command run to its exit with a bounded wait, and an orderly stop. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Starts {@code command} and waits up to {@code timeout}; its exit code, or -1 when it cannot run or runs over. */
    static int exitCode(ProcessBuilder command, Duration timeout) {
        try {
            Process p = command.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * SIGTERM, up to {@code grace} for an orderly stop, then SIGKILL; {@code reaper}, the shutdown hook that kills the
     * process should the harness die first, is removed. Returns how it ended, for the report.
     */
    static String stop(Process process, Thread reaper, Duration grace) {
        try {
            if (!process.isAlive()) {
                return "had exited with " + process.exitValue();
            }
            long start = System.nanoTime();
            process.destroy();
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return String.format(Locale.ROOT, "stopped by SIGTERM in %.1f s (exit %d)",
                        (System.nanoTime() - start) / 1e9, process.exitValue());
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return "did NOT stop within " + grace.toSeconds() + " s of SIGTERM; killed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return "interrupted; killed";
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway
            }
        }
    }
}
