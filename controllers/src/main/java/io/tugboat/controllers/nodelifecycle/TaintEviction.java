package io.tugboat.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.tugboat.controllers.support.Times;
import io.tugboat.scheduler.snapshot.TaintInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a pod must leave a node with NoExecute taints, as kube's taint manager decides it: at once if some
 * NoExecute taint is not tolerated; otherwise at the earliest (taint's timeAdded + the matching toleration's
 * tolerationSeconds); never if every matching toleration has no tolerationSeconds.
 */
final class TaintEviction {

    private TaintEviction() {
    }

    /** The instant the pod is to be deleted, or empty to keep it. An instant not after {@code now} means now. */
    static Optional<Instant> deadline(Pod pod, List<Taint> taints, Instant now) {
        List<Taint> noExecute = taints == null ? List.of()
                : taints.stream().filter(t -> TaintInfo.NO_EXECUTE.equals(t.getEffect())).toList();
        if (noExecute.isEmpty()) {
            return Optional.empty();
        }
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null
                ? List.of() : pod.getSpec().getTolerations();
        Instant earliest = null;
        for (Taint taint : noExecute) {
            TaintInfo info = TaintInfo.of(taint);
            // kube's getMinTolerationTime: of the tolerations matching this taint, the shortest bounded one counts
            Long seconds = null;
            boolean tolerated = false;
            for (Toleration t : tolerations) {
                if (info.toleratedBy(t)) {
                    tolerated = true;
                    if (t.getTolerationSeconds() != null) {
                        seconds = seconds == null ? t.getTolerationSeconds() : Math.min(seconds, t.getTolerationSeconds());
                    }
                }
            }
            if (!tolerated) {
                return Optional.of(now);
            }
            if (seconds != null) {
                Instant added = Times.parse(taint.getTimeAdded()).orElse(now);
                Instant at = added.plusSeconds(Math.max(0, seconds));
                earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
            }
        }
        return Optional.ofNullable(earliest);
    }
}
