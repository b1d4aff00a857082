package io.tugboat.apiserver.tables;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity in the canonical form Kubernetes prints ({@code resource.Quantity.String()}):
 * "1024Mi" reads back as "1Gi", "1000M" as "1G", "0.5Gi" as "512Mi", "0.1" as "100m". Binary
 * quantities stay binary while they are whole and at least 1Ki; everything else is decimal with an
 * exponent that is a multiple of three.
 */
final class QuantityText {

    private static final Pattern QUANTITY = Pattern.compile("^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(.*)$");
    private static final Pattern EXPONENT = Pattern.compile("^[eE]([+-]?[0-9]+)$");
    private static final List<String> BINARY_SUFFIXES = List.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
    private static final Map<String, Integer> DECIMAL_EXPONENTS = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<Integer, String> DECIMAL_SUFFIXES = Map.of(
            -9, "n", -6, "u", -3, "m", 0, "", 3, "k", 6, "M", 9, "G", 12, "T", 15, "P", 18, "E");
    private static final BigDecimal BINARY_THRESHOLD = BigDecimal.valueOf(1024);
    private static final BigInteger KI = BigInteger.valueOf(1024);
    /** Kubernetes keeps quantities to nano precision, rounding anything finer up. */
    private static final int NANO_SCALE = 9;
    private static final int MAX_SI_EXPONENT = 18;

    private enum Format { BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT }

    private QuantityText() {
    }

    /** The canonical form of {@code text}; text that is not a quantity is returned unchanged. */
    static String canonical(String text) {
        Matcher m = QUANTITY.matcher(text.trim());
        if (!m.matches()) {
            return text;
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        BigDecimal value;
        Format format;
        int binary = BINARY_SUFFIXES.indexOf(suffix);
        Matcher exp = EXPONENT.matcher(suffix);
        if (binary > 0) {
            value = number.multiply(new BigDecimal(KI.pow(binary)));
            format = Format.BINARY_SI;
        } else if (DECIMAL_EXPONENTS.containsKey(suffix)) {
            value = number.scaleByPowerOfTen(DECIMAL_EXPONENTS.get(suffix));
            format = Format.DECIMAL_SI;
        } else if (exp.matches()) {
            value = number.scaleByPowerOfTen(Integer.parseInt(exp.group(1)));
            format = Format.DECIMAL_EXPONENT;
        } else {
            return text;
        }
        return render(value.setScale(NANO_SCALE, RoundingMode.UP), format);
    }

    private static String render(BigDecimal value, Format format) {
        if (value.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI) {
            // Small or fractional binary amounts would need rounding in Ki units: show them in decimal.
            boolean whole = value.stripTrailingZeros().scale() <= 0;
            if (whole && value.abs().compareTo(BINARY_THRESHOLD) >= 0) {
                return binary(value.toBigIntegerExact());
            }
            format = Format.DECIMAL_SI;
        }
        return decimal(value, format);
    }

    private static String binary(BigInteger amount) {
        int exponent = 0;
        while (exponent < BINARY_SUFFIXES.size() - 1 && amount.mod(KI).signum() == 0) {
            amount = amount.divide(KI);
            exponent++;
        }
        return amount + BINARY_SUFFIXES.get(exponent);
    }

    private static String decimal(BigDecimal value, Format format) {
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        int extra = Math.floorMod(exponent, 3);
        mantissa = mantissa.multiply(BigInteger.TEN.pow(extra));
        exponent -= extra;
        if (format == Format.DECIMAL_EXPONENT) {
            return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
        }
        if (exponent > MAX_SI_EXPONENT) {
            mantissa = mantissa.multiply(BigInteger.TEN.pow(exponent - MAX_SI_EXPONENT));
            exponent = MAX_SI_EXPONENT;
        }
        return mantissa + DECIMAL_SUFFIXES.get(exponent);
    }
}
