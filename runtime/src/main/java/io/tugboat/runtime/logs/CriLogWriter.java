package io.tugboat.runtime.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Appends CRI log lines to one container's log file and rotates it by size: {@code file -> file.1 -> ... },
 * keeping at most {@code maxFiles} files in all (the live one included), as the kubelet's
 * containerLogMaxSize / containerLogMaxFiles do. Both streams of a container share one writer, so writes are
 * serialised here; each line goes out in one write call so a reader never sees two lines interleaved.
 */
public final class CriLogWriter implements AutoCloseable {

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private final Clock clock;
    private FileChannel channel;
    private long size;

    public CriLogWriter(Path file, long maxBytes, int maxFiles, Clock clock) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = Math.max(1, maxFiles);
        this.clock = clock;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    public Path file() {
        return file;
    }

    /** Writes one line of {@code stream}; {@code partial} marks a line cut at the size limit (tag P). */
    public synchronized void write(String stream, boolean partial, byte[] text, int offset, int length) throws IOException {
        if (channel == null) {
            throw new IOException("log writer for " + file + " is closed");
        }
        byte[] line = CriLine.encode(clock.instant(), stream, partial, text, offset, length);
        if (size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        size += line.length;
    }

    private void open() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
    }

    private void rotate() throws IOException {
        channel.close();
        if (maxFiles == 1) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rotated(maxFiles - 1));
            for (int i = maxFiles - 2; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to flush: every line was written with a direct channel write
            }
            channel = null;
        }
    }
}
