package io.tugboat.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A profile hint for a figure that misses its target: Java Flight Recorder started in the server JVM with
 * {@code jcmd} for the measured interval, then summarised here as the hottest methods (top frames of the
 * execution samples) and the hottest Tugboat methods anywhere on the sampled stacks.
 */
public final class Profiler {
    private final long pid;
    private final Path file;

    private Profiler(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    /** Starts a recording of {@code duration} in JVM {@code pid}, written to {@code file} when it ends. */
    public static Profiler start(long pid, Duration duration, Path file) {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile", "duration=" + duration.toSeconds() + "s",
                "filename=" + file.toAbsolutePath());
        return new Profiler(pid, file);
    }

    /** Ends the recording now (it may have ended by itself) and summarises it. */
    public String stopAndSummarise(int top) {
        jcmd(pid, "JFR.stop", "name=bench");
        try {
            return summarise(file, top);
        } catch (IOException e) {
            return "(no profile: " + e.getMessage() + ")";
        }
    }

    public static String summarise(Path file, int top) throws IOException {
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> tugboatFrames = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        int gcs = 0;
        Duration gcPause = Duration.ZERO;
        Duration longestGc = Duration.ZERO;
        List<String> longPauses = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("jdk.GarbageCollection")) {
                gcs++;
                Duration pause = e.getDuration("sumOfPauses");
                gcPause = gcPause.plus(pause);
                if (pause.compareTo(longestGc) > 0) {
                    longestGc = pause;
                }
                if (pause.toMillis() >= 50 && longPauses.size() < 10) {
                    longPauses.add(e.getString("name") + " " + e.getString("cause") + " " + pause.toMillis() + " ms");
                }
                continue;
            }
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            topFrames.merge(name(frames.getFirst()), 1, Integer::sum);
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("io.tugboat.") && seen.add(n)) {
                    tugboatFrames.merge(n, 1, Integer::sum);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("GC: ").append(gcs).append(" collections, ").append(gcPause.toMillis()).append(" ms paused in all, longest ")
                .append(longestGc.toMillis()).append(" ms").append(longPauses.isEmpty() ? "" : "; pauses >= 50 ms: " + longPauses)
                .append('\n');
        b.append("execution samples: ").append(samples).append('\n');
        b.append("hottest methods (top frame):\n").append(table(topFrames, samples, top));
        b.append("Tugboat methods on the sampled stacks (inclusive):\n").append(table(tugboatFrames, samples, top));
        b.append("sampled threads:\n").append(table(threads, samples, 8));
        return b.toString();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String table(Map<String, Integer> counts, int total, int top) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Integer> en : entries.subList(0, Math.min(top, entries.size()))) {
            b.append(String.format(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, total), en.getKey()));
        }
        return b.toString();
    }

    private static void jcmd(long pid, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("jcmd failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
