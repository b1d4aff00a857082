package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Computes a pod's READY, STATUS and RESTARTS cells the way Kubernetes' pod printer does. The
 * order of the checks is the behaviour: init containers are walked first and the first one that
 * has not finished names the status ("Init:1/3", "Init:CrashLoopBackOff"); once the pod is
 * initialised the app containers are walked from last to first, so the first container's waiting or
 * terminated reason wins; deletion overrides everything with "Terminating" (or "Unknown" when the
 * node was lost). One instance summarises one pod.
 */
final class PodSummarizer {

    /** The status.reason the node lifecycle controller sets on pods of an unreachable node. */
    private static final String NODE_LOST = "NodeLost";

    private final JsonNode pod;
    private final JsonNode status;
    private final Set<String> sidecars = new HashSet<>();

    private String reason;
    private long ready;
    private long restarts;
    private Instant lastRestart;
    private long sidecarRestarts;
    private Instant lastSidecarRestart;

    private PodSummarizer(JsonNode pod) {
        this.pod = pod;
        this.status = pod.path("status");
    }

    static PodSummary summarize(JsonNode pod) {
        return new PodSummarizer(pod).run();
    }

    private PodSummary run() {
        String phase = status.path("phase").asText("");
        reason = Fields.textOr(phase, status, "reason");
        if (anyCondition("PodScheduled", c -> "SchedulingGated".equals(c.path("reason").asText()))) {
            reason = "SchedulingGated";
        }
        JsonNode initSpecs = pod.path("spec").path("initContainers");
        for (JsonNode c : initSpecs) {
            if ("Always".equals(c.path("restartPolicy").asText())) {
                sidecars.add(c.path("name").asText(""));
            }
        }
        long total = Fields.size(pod.path("spec").path("containers")) + sidecars.size();

        boolean initializing = walkInitContainers(initSpecs.size());
        if (!initializing || firstCondition("Initialized", c -> "True".equals(c.path("status").asText()))) {
            walkAppContainers();
        }

        boolean deleting = Fields.isDeleting(pod);
        if (deleting && NODE_LOST.equals(status.path("reason").asText())) {
            reason = "Unknown";
        } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            reason = "Terminating";
        }
        return new PodSummary(ready, total, reason, restarts, Optional.ofNullable(lastRestart));
    }

    /** Returns whether an init container is still holding the pod back; sets the Init:... reason. */
    private boolean walkInitContainers(int declared) {
        int index = 0;
        for (JsonNode c : status.path("initContainerStatuses")) {
            int i = index++;
            boolean sidecar = sidecars.contains(c.path("name").asText(""));
            long count = c.path("restartCount").asLong(0);
            Optional<Instant> finished = lastFinished(c);
            restarts += count;
            lastRestart = later(lastRestart, finished);
            if (sidecar) {
                sidecarRestarts += count;
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode state = c.path("state");
            JsonNode terminated = state.path("terminated");
            JsonNode waiting = state.path("waiting");
            if (terminated.isObject() && terminated.path("exitCode").asLong(0) == 0) {
                continue;
            }
            if (sidecar && c.path("started").asBoolean(false)) {
                if (c.path("ready").asBoolean(false)) {
                    ready++;
                }
                continue;
            }
            if (terminated.isObject()) {
                reason = "Init:" + terminatedReason(terminated);
            } else if (!waiting.path("reason").asText("").isEmpty()
                    && !"PodInitializing".equals(waiting.path("reason").asText())) {
                reason = "Init:" + waiting.path("reason").asText();
            } else {
                reason = "Init:" + i + "/" + declared;
            }
            return true;
        }
        return false;
    }

    /** Once initialised only sidecar and app container restarts count, so the init tally is replaced. */
    private void walkAppContainers() {
        restarts = sidecarRestarts;
        lastRestart = lastSidecarRestart;
        boolean hasRunning = false;
        JsonNode statuses = status.path("containerStatuses");
        for (int i = statuses.size() - 1; i >= 0; i--) {
            JsonNode c = statuses.get(i);
            restarts += c.path("restartCount").asLong(0);
            lastRestart = later(lastRestart, lastFinished(c));
            JsonNode state = c.path("state");
            String waitingReason = state.path("waiting").path("reason").asText("");
            JsonNode terminated = state.path("terminated");
            if (!waitingReason.isEmpty()) {
                reason = waitingReason;
            } else if (terminated.isObject()) {
                reason = terminatedReason(terminated);
            } else if (c.path("ready").asBoolean(false) && state.path("running").isObject()) {
                hasRunning = true;
                ready++;
            }
        }
        // A pod whose first container completed while another still runs is not "Completed".
        if ("Completed".equals(reason) && hasRunning) {
            reason = anyCondition("Ready", c -> "True".equals(c.path("status").asText())) ? "Running" : "NotReady";
        }
    }

    /** The terminated reason, else "Signal:9" or "ExitCode:1" when the runtime gave none. */
    private static String terminatedReason(JsonNode terminated) {
        String r = terminated.path("reason").asText("");
        if (!r.isEmpty()) {
            return r;
        }
        long signal = terminated.path("signal").asLong(0);
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asLong(0);
    }

    private static Optional<Instant> lastFinished(JsonNode containerStatus) {
        return Timestamps.parse(containerStatus.path("lastState").path("terminated").path("finishedAt"));
    }

    private static Instant later(Instant current, Optional<Instant> candidate) {
        if (candidate.isEmpty()) {
            return current;
        }
        return current == null || current.isBefore(candidate.get()) ? candidate.get() : current;
    }

    /** Whether some condition of this type satisfies the test. */
    private boolean anyCondition(String type, Predicate<JsonNode> test) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText()) && test.test(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the first condition of this type satisfies the test; later duplicates are ignored. */
    private boolean firstCondition(String type, Predicate<JsonNode> test) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return test.test(c);
            }
        }
        return false;
    }
}
