package io.tugboat.runtime.process;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices the end of processes that are not the JVM's children (containers adopted after an agent restart):
 * they cannot be waited for, so one thread looks at /proc for all of them every {@value #PERIOD_MILLIS} ms.
 */
final class ExitPoller implements AutoCloseable {

    static final long PERIOD_MILLIS = 200;

    private record Watch(long pid, long startTicks, Runnable onExit) {
    }

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Executor callbacks;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-runtime-exit-poller");
        t.setDaemon(true);
        return t;
    });

    ExitPoller(Executor callbacks) {
        this.callbacks = callbacks;
        timer.scheduleWithFixedDelay(this::poll, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code onExit} (on the callback executor) once the process is gone. */
    void watch(String id, long pid, long startTicks, Runnable onExit) {
        watches.put(id, new Watch(pid, startTicks, onExit));
    }

    private void poll() {
        watches.forEach((id, w) -> {
            if (!ProcInfo.alive(w.pid, w.startTicks) && watches.remove(id, w)) {
                callbacks.execute(w.onExit);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        watches.clear();
    }
}
