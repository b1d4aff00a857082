package io.tugboat.scheduler;

import java.util.Map;

/**
 * How the chosen node won: its total, each score plugin's weighted contribution, how many nodes were
 * checked by the filters and how many of them were feasible (and so scored).
 */
public record ScoreDetails(long total, Map<String, Long> byPlugin, int feasibleNodes, int evaluatedNodes) {

    public ScoreDetails {
        byPlugin = Map.copyOf(byPlugin);
    }
}
