package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.Pods;
import io.tugboat.controllers.support.Times;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube's TriggerTimeTracker, for the {@code endpoints.kubernetes.io/last-change-trigger-time} annotation: the
 * earliest change (a pod's Ready transition, the service's creation) that the next write of a service's endpoints
 * carries, so that latency from a pod change to its endpoint can be measured. A service seen for the first time
 * reports its creation. Approximate as kube's is: two changes of one pod between syncs count as the later one.
 * Each controller keeps its own; calls for one key never overlap (the work queue sees to it).
 */
final class TriggerTimes {

    static final String ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

    private record State(Instant serviceTime, Map<String, Instant> podTimes) {
    }

    private final Map<ObjectKey, State> states = new ConcurrentHashMap<>();

    /** The trigger time to write for this sync of the service, or empty (the annotation is then removed). */
    Optional<Instant> compute(Service service, Collection<Pod> selectedPods) {
        ObjectKey key = ObjectKey.of(service);
        State before = states.get(key);
        Map<String, Instant> podTimes = new HashMap<>();
        Instant earliestChange = null;
        for (Pod pod : selectedPods) {
            Optional<Instant> t = Pods.readyCondition(pod).map(PodCondition::getLastTransitionTime).flatMap(Times::parse);
            if (t.isEmpty()) {
                continue;
            }
            podTimes.put(pod.getMetadata().getName(), t.get());
            Instant last = before == null ? null : before.podTimes().get(pod.getMetadata().getName());
            if (last == null || t.get().isAfter(last)) {
                earliestChange = earliest(earliestChange, t.get());
            }
        }
        Instant created = Times.parse(service.getMetadata().getCreationTimestamp()).orElse(null);
        if (created != null && (before == null || before.serviceTime() == null || created.isAfter(before.serviceTime()))) {
            earliestChange = earliest(earliestChange, created);
        }
        states.put(key, new State(created, Map.copyOf(podTimes)));
        return before == null ? Optional.ofNullable(created) : Optional.ofNullable(earliestChange);
    }

    void forget(ObjectKey service) {
        states.remove(service);
    }

    /** Sets or removes the annotation in a copy of {@code annotations}. */
    static Map<String, String> annotate(Map<String, String> annotations, Optional<Instant> trigger) {
        Map<String, String> copy = new HashMap<>(annotations == null ? Map.of() : annotations);
        trigger.ifPresentOrElse(t -> copy.put(ANNOTATION, t.toString()), () -> copy.remove(ANNOTATION));
        return copy;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
