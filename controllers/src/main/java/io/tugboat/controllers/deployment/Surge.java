package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * maxSurge and maxUnavailable as pod counts (kube's ResolveFenceposts): a percentage of the desired replicas,
 * surge rounded up and unavailable rounded down; if both come to zero, one pod may be unavailable, or the
 * rollout could never move.
 *
 * @param surge       pods allowed above the desired count
 * @param unavailable pods allowed below it
 */
public record Surge(int surge, int unavailable) {

    /** The API defaults when a RollingUpdate strategy leaves them out. */
    static final IntOrString DEFAULT = new IntOrString("25%");

    public static Surge resolve(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = scaled(maxSurge == null ? DEFAULT : maxSurge, desired, true);
        int unavailable = scaled(maxUnavailable == null ? DEFAULT : maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Surge(surge, unavailable);
    }

    /** The fenceposts of a Deployment; zero for Recreate. maxUnavailable never exceeds the replicas. */
    public static Surge of(Deployment d) {
        int replicas = Deployments.replicas(d);
        if (!Deployments.isRollingUpdate(d)) {
            return new Surge(0, 0);
        }
        RollingUpdateDeployment ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        Surge s = resolve(ru == null ? null : ru.getMaxSurge(), ru == null ? null : ru.getMaxUnavailable(), replicas);
        return new Surge(s.surge(), replicas == 0 ? 0 : Math.min(s.unavailable(), replicas));
    }

    /** kube's GetScaledValueFromIntOrPercent. */
    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal() == null ? "" : value.getStrVal().strip();
        if (!text.endsWith("%")) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + text + "\": must be an integer or a percentage");
            }
        }
        int percent;
        try {
            percent = Integer.parseInt(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + text + "\": must be an integer or a percentage");
        }
        long product = (long) percent * total;
        return (int) (roundUp ? Math.ceilDiv(product, 100) : Math.floorDiv(product, 100));
    }
}
