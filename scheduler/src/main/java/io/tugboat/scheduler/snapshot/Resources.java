package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * Amounts of the resources the scheduler counts, already converted from {@link Quantity} (cpu in millicores,
 * the rest in whole units, both rounded up as Kubernetes' MilliValue/Value do) so that no quantity is parsed
 * while filtering. Extended resources ({@code example.com/gpu}, {@code hugepages-2Mi}) live in {@code scalars}.
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalars) {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";
    public static final Resources NONE = new Resources(0, 0, 0, Map.of());

    public Resources {
        scalars = scalars.isEmpty() ? Map.of() : Map.copyOf(scalars);
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalars.isEmpty();
    }

    public long scalar(String name) {
        return scalars.getOrDefault(name, 0L);
    }

    public Resources plus(Resources o) {
        return combine(o, 1);
    }

    public Resources minus(Resources o) {
        return combine(o, -1);
    }

    private Resources combine(Resources o, int sign) {
        if (o.isZero()) {
            return this;
        }
        Map<String, Long> s = scalars;
        if (!o.scalars.isEmpty()) {
            Map<String, Long> m = new HashMap<>(scalars);
            o.scalars.forEach((k, v) -> m.merge(k, sign * v, Long::sum));
            m.values().removeIf(v -> v == 0);
            s = m;
        }
        return new Resources(milliCpu + sign * o.milliCpu, memory + sign * o.memory,
                ephemeralStorage + sign * o.ephemeralStorage, s);
    }

    /** Reads a resource list (requests, overhead or allocatable); names the scheduler does not count are dropped. */
    public static Resources of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return NONE;
        }
        long cpu = 0;
        long mem = 0;
        long eph = 0;
        Map<String, Long> scalars = new HashMap<>();
        for (var e : list.entrySet()) {
            switch (e.getKey()) {
                case CPU -> cpu = milli(e.getValue());
                case MEMORY -> mem = value(e.getValue());
                case EPHEMERAL_STORAGE -> eph = value(e.getValue());
                default -> {
                    if (isScalar(e.getKey())) {
                        scalars.put(e.getKey(), value(e.getValue()));
                    }
                }
            }
        }
        return new Resources(cpu, mem, eph, scalars);
    }

    /** Extended resources (a domain-qualified name outside kubernetes.io), hugepages and attachable volumes. */
    public static boolean isScalar(String name) {
        if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) {
            return true;
        }
        int slash = name.indexOf('/');
        return slash > 0 && !name.startsWith("requests.")
                && !(name.substring(0, slash).equals("kubernetes.io") || name.substring(0, slash).endsWith(".kubernetes.io"));
    }

    /** Millicores, rounded up like Kubernetes' Quantity.MilliValue. */
    public static long milli(Quantity q) {
        return q == null ? 0 : ceil(q.getNumericalAmount().movePointRight(3));
    }

    /** Whole units, rounded up like Kubernetes' Quantity.Value. */
    public static long value(Quantity q) {
        return q == null ? 0 : ceil(q.getNumericalAmount());
    }

    private static long ceil(BigDecimal d) {
        BigDecimal c = d.setScale(0, RoundingMode.CEILING);
        return c.toBigInteger().bitLength() < 63 ? c.longValue() : (c.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
    }
}
