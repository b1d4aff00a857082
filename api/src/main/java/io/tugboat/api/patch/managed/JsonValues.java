package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.util.Comparator;

/**
 * Value equality as JSON means it. Jackson tells an {@code IntNode} 80 from a {@code LongNode} 80, and a number read
 * from YAML may come back as either; merge keys and set items must match regardless.
 */
public final class JsonValues {

    private static final Comparator<JsonNode> SCALARS = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private JsonValues() {
    }

    /** Deep equality that compares numbers by value. {@code null} equals only {@code null}. */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(SCALARS, b);
    }

    /**
     * A canonical form of a scalar so that equal values are {@code equals} and hash alike: integral numbers become
     * longs, other numbers doubles. Non-numbers are returned as they are.
     */
    public static JsonNode canonical(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return value;
        }
        BigDecimal d = value.decimalValue();
        try {
            return LongNode.valueOf(d.longValueExact());
        } catch (ArithmeticException notIntegral) {
            return DoubleNode.valueOf(value.doubleValue());
        }
    }
}
