package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;

/** Label selectors of workload specs, where an absent or empty selector selects nothing (a controller must not claim everything). */
public final class Selectors {

    private Selectors() {
    }

    public static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    }

    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (isEmpty(selector)) {
            return false;
        }
        return io.tugboat.api.labels.LabelSelector.of(selector).matches(labels == null ? Map.of() : labels);
    }
}
