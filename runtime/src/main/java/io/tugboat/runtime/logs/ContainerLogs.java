package io.tugboat.runtime.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Serves a pods/log request from a container's CRI log file and its rotated predecessors ({@code file.1} is the
 * newest of those): the text of each line, partial (P) lines joined, with kubectl's options. Following polls the
 * live file every {@value #POLL_MILLIS} ms, so a rotation (the file renamed away, a new one created) is noticed
 * by the file's identity changing.
 */
public final class ContainerLogs {

    static final long POLL_MILLIS = 100;
    private static final int MAX_ROTATED = 100;

    private ContainerLogs() {
    }

    /**
     * Writes the log to {@code out}. With {@code follow} it keeps going until {@code stillWriting} returns false
     * and everything written before that has been sent; {@code out} is flushed after each batch.
     */
    public static void write(Path logFile, LogQuery query, OutputStream out, BooleanSupplier stillWriting)
            throws IOException {
        Sink sink = new Sink(out, query);
        Lines lines = new Lines(sink);
        Source live = Source.open(logFile);
        try {
            for (Path rotated : rotatedOlderThan(logFile, live)) {
                Source old = Source.open(rotated);
                if (old != null) {
                    try {
                        old.drain(lines);
                    } finally {
                        old.close();
                    }
                }
            }
            if (live != null) {
                live.drain(lines);
            }
            if (!sink.releaseTail() || !query.follow()) {
                lines.flushPartials();
                out.flush();
                return;
            }
            out.flush();
            live = follow(logFile, live, lines, sink, stillWriting);
        } finally {
            if (live != null) {
                live.close();
            }
        }
        out.flush();
    }

    private static Source follow(Path logFile, Source live, Lines lines, Sink sink, BooleanSupplier stillWriting)
            throws IOException {
        while (!sink.full()) {
            // Ask first, read second: once the writer is done everything it wrote is in the file, so reaching
            // the end after a "no" means the end of the log.
            boolean writing = stillWriting.getAsBoolean();
            boolean progressed = live != null && live.drain(lines);
            Object currentKey = fileKey(logFile);
            if (!Objects.equals(currentKey, live == null ? null : live.key) && currentKey != null) {
                // Rotated: the open file is drained; read any newer rotated file we skipped, then the new live one.
                List<Path> newer = live == null ? List.of() : rotatedNewerThan(logFile, live.key);
                if (live != null) {
                    live.close();
                }
                for (Path path : newer) {
                    Source s = Source.open(path);
                    if (s != null) {
                        try {
                            s.drain(lines);
                        } finally {
                            s.close();
                        }
                    }
                }
                live = Source.open(logFile);
                sink.flush();
                continue;
            }
            sink.flush();
            if (!progressed) {
                if (!writing) {
                    break;
                }
                sleep();
            }
        }
        lines.flushPartials();
        return live;
    }

    /** Rotated files older than the live one, oldest first; a file that is the open live one is skipped. */
    private static List<Path> rotatedOlderThan(Path logFile, Source live) throws IOException {
        List<Path> result = new ArrayList<>();
        for (int i = MAX_ROTATED; i >= 1; i--) {
            Path p = rotated(logFile, i);
            Object key = fileKey(p);
            if (key != null && (live == null || !key.equals(live.key))) {
                result.add(p);
            }
        }
        return result;
    }

    /** Rotated files newer than the one with {@code key} (which was rotated away while we read it), oldest first. */
    private static List<Path> rotatedNewerThan(Path logFile, Object key) throws IOException {
        List<Path> result = new ArrayList<>();
        for (int i = 1; i <= MAX_ROTATED; i++) {
            Path p = rotated(logFile, i);
            Object k = fileKey(p);
            if (k == null || k.equals(key)) {
                break;
            }
            result.addFirst(p);
        }
        return result;
    }

    private static Path rotated(Path logFile, int n) {
        return logFile.resolveSibling(logFile.getFileName() + "." + n);
    }

    private static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(Duration.ofMillis(POLL_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while following the log");
        }
    }

    /** An open log file read incrementally; a trailing line still being written stays buffered. */
    private static final class Source {
        final FileChannel channel;
        final Object key;
        final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        byte[] carry = new byte[0];

        private Source(FileChannel channel, Object key) {
            this.channel = channel;
            this.key = key;
        }

        static Source open(Path path) throws IOException {
            try {
                FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
                Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                return new Source(ch, key);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /** Reads to the current end; true when anything was read. */
        boolean drain(Lines lines) throws IOException {
            boolean any = false;
            int n;
            while (!lines.sink.full() && (n = channel.read(buffer.clear())) > 0) {
                any = true;
                byte[] data = new byte[carry.length + n];
                System.arraycopy(carry, 0, data, 0, carry.length);
                System.arraycopy(buffer.array(), 0, data, carry.length, n);
                int start = 0;
                for (int i = 0; i < data.length; i++) {
                    if (data[i] == '\n') {
                        lines.accept(data, start, i - start);
                        start = i + 1;
                    }
                }
                carry = java.util.Arrays.copyOfRange(data, start, data.length);
            }
            return any;
        }

        void close() throws IOException {
            channel.close();
        }
    }

    /** Joins partial lines per stream and hands whole lines to the sink. */
    private static final class Lines {
        final Sink sink;
        final Map<String, Pending> partials = new HashMap<>();

        Lines(Sink sink) {
            this.sink = sink;
        }

        void accept(byte[] data, int offset, int length) throws IOException {
            CriLine line = CriLine.parse(data, offset, length).orElse(null);
            if (line == null) {
                return;
            }
            Pending pending = partials.get(line.stream());
            if (line.partial()) {
                if (pending == null) {
                    partials.put(line.stream(), new Pending(line));
                } else {
                    pending.append(line.text());
                }
                return;
            }
            if (pending != null) {
                partials.remove(line.stream());
                pending.append(line.text());
                sink.line(pending.first, pending.text(), true);
            } else {
                sink.line(line, line.text(), true);
            }
        }

        /** At the end of what is served, text of an unfinished line goes out as it is, without a newline. */
        void flushPartials() throws IOException {
            for (Pending p : partials.values()) {
                sink.line(p.first, p.text(), false);
            }
            partials.clear();
        }
    }

    private static final class Pending {
        final CriLine first;
        final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();

        Pending(CriLine first) {
            this.first = first;
            text.writeBytes(first.text());
        }

        void append(byte[] more) {
            text.writeBytes(more);
        }

        byte[] text() {
            return text.toByteArray();
        }
    }

    /** Applies since, timestamps, tail and limitBytes, in kubelet's order. */
    private static final class Sink {
        final OutputStream out;
        final LogQuery query;
        ArrayDeque<byte[]> tail; // lines held back while reading what exists, when tailLines is set
        long remaining;

        Sink(OutputStream out, LogQuery query) {
            this.out = out;
            this.query = query;
            this.tail = query.tailLines().isPresent() ? new ArrayDeque<>() : null;
            this.remaining = query.limitBytes().orElse(Long.MAX_VALUE);
        }

        boolean full() {
            return remaining <= 0;
        }

        void line(CriLine first, byte[] text, boolean newline) throws IOException {
            if (query.since().isPresent() && first.time().isBefore(query.since().get())) {
                return;
            }
            byte[] prefix = query.timestamps()
                    ? (first.timestamp() + ' ').getBytes(StandardCharsets.US_ASCII) : new byte[0];
            byte[] bytes = new byte[prefix.length + text.length + (newline ? 1 : 0)];
            System.arraycopy(prefix, 0, bytes, 0, prefix.length);
            System.arraycopy(text, 0, bytes, prefix.length, text.length);
            if (newline) {
                bytes[bytes.length - 1] = '\n';
            }
            if (tail != null) {
                long max = query.tailLines().getAsLong();
                if (max <= 0) {
                    return;
                }
                tail.addLast(bytes);
                if (tail.size() > max) {
                    tail.removeFirst();
                }
                return;
            }
            emit(bytes);
        }

        /** Ends the tail phase: what it kept goes out, later lines go straight through. False when full. */
        boolean releaseTail() throws IOException {
            if (tail != null) {
                List<byte[]> kept = new ArrayList<>(tail);
                tail.clear();
                tail = null;
                for (byte[] b : kept) {
                    emit(b);
                }
            }
            return !full();
        }

        private void emit(byte[] bytes) throws IOException {
            if (remaining <= 0) {
                return;
            }
            int n = (int) Math.min(bytes.length, remaining);
            out.write(bytes, 0, n);
            remaining -= n;
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
