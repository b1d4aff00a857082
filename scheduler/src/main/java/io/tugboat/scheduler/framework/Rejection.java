package io.tugboat.scheduler.framework;

import java.util.List;

/**
 * Why a filter refused a node: kube-scheduler's reason strings (one node may carry several, e.g. both
 * "Insufficient cpu" and "Insufficient memory"), and whether evicting pods could help ({@code unresolvable}
 * is kube's UnschedulableAndUnresolvable, which preemption skips). Plugins keep their common rejections as
 * constants so that refusing a node allocates nothing.
 */
public record Rejection(String plugin, List<String> reasons, boolean unresolvable) {

    public Rejection {
        reasons = List.copyOf(reasons);
    }

    public static Rejection unschedulable(String plugin, String reason) {
        return new Rejection(plugin, List.of(reason), false);
    }

    public static Rejection unresolvable(String plugin, String reason) {
        return new Rejection(plugin, List.of(reason), true);
    }
}
