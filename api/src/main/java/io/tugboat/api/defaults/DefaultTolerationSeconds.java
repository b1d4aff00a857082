package io.tugboat.api.defaults;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * kube's DefaultTolerationSeconds admission: a pod that does not already tolerate the not-ready or unreachable
 * NoExecute taint gets a toleration of it for 300 s, so a node that goes silent has its pods evicted after five
 * minutes rather than at once. Pods only, not pod templates (kube admits pods, not workloads).
 */
final class DefaultTolerationSeconds {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final long SECONDS = 300;

    private DefaultTolerationSeconds() {
    }

    static void apply(PodSpec spec) {
        List<Toleration> tolerations = spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
        boolean notReady = toleratesNoExecute(tolerations, NOT_READY);
        boolean unreachable = toleratesNoExecute(tolerations, UNREACHABLE);
        if (notReady && unreachable) {
            return;
        }
        if (!notReady) {
            tolerations.add(toleration(NOT_READY));
        }
        if (!unreachable) {
            tolerations.add(toleration(UNREACHABLE));
        }
        spec.setTolerations(tolerations);
    }

    /** The plugin's own test: the key named or empty, the effect NoExecute or empty (operator and value not looked at). */
    private static boolean toleratesNoExecute(List<Toleration> tolerations, String key) {
        for (Toleration t : tolerations) {
            boolean keyMatches = t.getKey() == null || t.getKey().isEmpty() || t.getKey().equals(key);
            boolean effectMatches = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals("NoExecute");
            if (keyMatches && effectMatches) {
                return true;
            }
        }
        return false;
    }

    private static Toleration toleration(String key) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(SECONDS).build();
    }
}
