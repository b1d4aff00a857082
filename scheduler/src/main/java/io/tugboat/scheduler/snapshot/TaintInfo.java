package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * A node taint with its filter reason preformatted, so a rejection costs no string building.
 * The reason text is kube-scheduler's: {@code node(s) had untolerated taint {key: value}}.
 */
public record TaintInfo(String key, String value, String effect, String reason) {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String NO_EXECUTE = "NoExecute";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

    public static TaintInfo of(Taint t) {
        String key = t.getKey() == null ? "" : t.getKey();
        String value = t.getValue() == null ? "" : t.getValue();
        String effect = t.getEffect() == null ? "" : t.getEffect();
        return new TaintInfo(key, value, effect, "node(s) had untolerated taint {" + key + ": " + value + "}");
    }

    public boolean blocksScheduling() {
        return effect.equals(NO_SCHEDULE) || effect.equals(NO_EXECUTE);
    }

    /** Kubernetes' ToleratesTaint: effect (empty = all), key (empty = all, needs Exists), then operator. */
    public boolean toleratedBy(Toleration t) {
        String tEffect = t.getEffect();
        if (tEffect != null && !tEffect.isEmpty() && !tEffect.equals(effect)) {
            return false;
        }
        String tKey = t.getKey();
        if (tKey != null && !tKey.isEmpty() && !tKey.equals(key)) {
            return false;
        }
        String op = t.getOperator();
        if (op == null || op.isEmpty() || op.equals("Equal")) {
            return value.equals(t.getValue() == null ? "" : t.getValue());
        }
        return op.equals("Exists");
    }

    public boolean toleratedByAny(List<Toleration> tolerations) {
        for (Toleration t : tolerations) {
            if (toleratedBy(t)) {
                return true;
            }
        }
        return false;
    }
}
