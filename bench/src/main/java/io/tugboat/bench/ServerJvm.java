package io.tugboat.bench;

import java.util.List;

/**
 * The JVM options of the control plane a harness starts: those {@code ./tug} gives {@code tug up} and {@code tug
 * server} (scripts/jvm-options.sh), handed over by bench/run, so that the figures are those of the JVM a user runs.
 */
final class ServerJvm {

    static final String PROPERTY = "tugboat.bench.serverJvmOptions";

    private ServerJvm() {
    }

    static List<String> options() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            throw new IllegalStateException("-D" + PROPERTY + " is not set: run the harnesses through bench/run");
        }
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    /** For the reports: what the server JVM runs with. */
    static String describe() {
        List<String> options = options();
        return "child JVM with ./tug's options: " + (options.isEmpty() ? "JVM defaults" : String.join(" ", options));
    }
}
