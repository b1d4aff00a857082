package io.tugboat.runtime;

/**
 * Limits for one container; 0 means none.
 *
 * @param memoryLimitBytes hard memory limit; exceeding it is an OOM kill (reason OOMKilled)
 * @param cpuLimitMillis   CPU quota in millicores (CFS quota over a 100 ms period)
 * @param cpuRequestMillis CPU weight (shares) in millicores
 */
public record Resources(long memoryLimitBytes, long cpuLimitMillis, long cpuRequestMillis) {
    public static final Resources NONE = new Resources(0, 0, 0);
}
