package io.tugboat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The lines every harness prints first: when, on what, with which JVM. */
public final class Report {
    private Report() {
    }

    public static void header(String what, String settings) {
        System.out.println("== " + what);
        System.out.println("date:    " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memory() + ", "
                + cpuModel() + "; load generator and server(s) share these cores");
        System.out.println("java:    " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        System.out.println("settings: " + settings);
        System.out.printf(java.util.Locale.ROOT, "before start: other processes used %.2f cores over 3 s (other work on the machine skews every figure)%n",
                CpuMeter.othersBusy(3000));
        System.out.flush();
    }

    /** WARN and ERROR lines of a server log, at most {@code max} of them, for "errors under load". */
    public static String problems(String log, int max) {
        List<String> lines = log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Exception"))
                .toList();
        if (lines.isEmpty()) {
            return "server log: no WARN/ERROR lines\n";
        }
        StringBuilder b = new StringBuilder("server log: " + lines.size() + " WARN/ERROR/exception lines, first ones:\n");
        lines.stream().limit(max).forEach(l -> b.append("  ").append(l.length() > 300 ? l.substring(0, 300) + "..." : l).append('\n'));
        return b.toString();
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "? GiB";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown CPU";
    }
}
