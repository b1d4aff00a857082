package io.tugboat.api.labels;

import java.util.Map;
import java.util.Set;

/** One term of a label selector: a key, an operator and its values. */
public record Requirement(String key, Operator operator, Set<String> values) {

    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

    public Requirement {
        values = Set.copyOf(values);
    }

    public boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case EQUALS, IN -> value != null && values.contains(value);
            case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
            case GREATER_THAN -> compare(value) > 0;
            case LESS_THAN -> value != null && compare(value) < 0;
        };
    }

    /** Numeric comparison against the single value; a non-numeric label never matches. */
    private int compare(String value) {
        if (value == null) {
            return Integer.MIN_VALUE;
        }
        try {
            return Long.compare(Long.parseLong(value), Long.parseLong(values.iterator().next()));
        } catch (NumberFormatException e) {
            return operator == Operator.GREATER_THAN ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
    }
}
