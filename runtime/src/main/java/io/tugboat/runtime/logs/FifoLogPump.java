package io.tugboat.runtime.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a container's stdout and stderr FIFOs into its CRI log, one platform thread per stream. The FIFOs,
 * not pipes owned by the JVM, carry the output so that the container survives the agent (the shim holds
 * each FIFO open read-write: writers never see SIGPIPE while no reader is there) and a restarted agent picks
 * the stream up where the old one stopped.
 *
 * <p>Platform threads rather than virtual ones: a read blocked on a FIFO must be woken by closing its
 * {@link FileChannel}, which signals the blocked native thread.
 */
public final class FifoLogPump {

    /** Lines longer than this are cut into partial (P) lines, as containerd does. */
    public static final int MAX_LINE = 16 * 1024;

    private static final int INITIAL_LINE = 512;
    // a pipe holds 64 KiB; reading it 8 KiB at a time costs a few more reads only for a container that floods it
    private static final int READ_BUFFER = 8 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FifoLogPump.class);

    private final List<Reader> readers;
    private final CompletableFuture<Void> done;

    private FifoLogPump(List<Reader> readers, CriLogWriter writer) {
        this.readers = readers;
        this.done = CompletableFuture.allOf(readers.get(0).done, readers.get(1).done)
                .whenComplete((v, e) -> writer.close());
    }

    /**
     * Opens both FIFOs and starts copying; the writer is closed once both streams end. Call before the container's
     * process starts (or, when adopting, while it runs): each FIFO is first opened read-write by the pump itself,
     * so the read-only open does not block and the pipe keeps its buffer even if the container writes and exits
     * before anyone reads. That keeper is closed by {@link #processGone()}, after which the readers see the end
     * once the last writer is gone.
     */
    public static FifoLogPump start(String name, Path stdoutFifo, Path stderrFifo, CriLogWriter writer) throws IOException {
        List<Reader> readers = new java.util.ArrayList<>();
        try {
            readers.add(Reader.open(name, "stdout", stdoutFifo, writer));
            readers.add(Reader.open(name, "stderr", stderrFifo, writer));
        } catch (IOException e) {
            readers.forEach(Reader::stop);
            writer.close();
            throw e;
        }
        FifoLogPump pump = new FifoLogPump(List.copyOf(readers), writer);
        for (Reader reader : readers) {
            Thread.ofPlatform().daemon().name("log-" + name + "-" + reader.stream).stackSize(256 * 1024).start(reader);
        }
        return pump;
    }

    /** Completes when both streams reached their end (every writer closed) or were stopped. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Called once the container's process is gone: the readers drain what is left and end with the last writer. */
    public void processGone() {
        readers.forEach(Reader::releaseKeeper);
    }

    /** Stops reading and leaves what is still in the FIFOs to the next agent; a line cut here is written as P. */
    public void stop() {
        readers.forEach(Reader::stop);
    }

    private static final class Reader implements Runnable {
        private final String container;
        private final String stream;
        private final RandomAccessFile keeper;
        private final FileChannel channel;
        private final CriLogWriter writer;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        // grows to MAX_LINE only for a container that writes long lines: most never do, and every container has two
        private byte[] line = new byte[INITIAL_LINE];
        private int lineLength;

        private Reader(String container, String stream, RandomAccessFile keeper, FileChannel channel, CriLogWriter writer) {
            this.container = container;
            this.stream = stream;
            this.keeper = keeper;
            this.channel = channel;
            this.writer = writer;
        }

        static Reader open(String container, String stream, Path fifo, CriLogWriter writer) throws IOException {
            // O_RDWR on a FIFO never blocks on Linux; with it open, the O_RDONLY open below does not block either.
            RandomAccessFile keeper = new RandomAccessFile(fifo.toFile(), "rw");
            try {
                return new Reader(container, stream, keeper, FileChannel.open(fifo, StandardOpenOption.READ), writer);
            } catch (IOException e) {
                keeper.close();
                throw e;
            }
        }

        @Override
        public void run() {
            try (channel) {
                copy(channel);
                if (lineLength > 0) {
                    flush(false); // the stream ended without a final newline
                }
            } catch (AsynchronousCloseException e) {
                flushQuietly(true);
            } catch (IOException e) {
                LOG.warn("container {}: reading {} failed: {}", container, stream, e.toString());
                flushQuietly(true);
            } finally {
                releaseKeeper();
                done.complete(null);
            }
        }

        private void copy(FileChannel ch) throws IOException {
            // Direct: a heap buffer makes NIO read into a temporary direct buffer of the same size, cached per thread.
            ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
            while (ch.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        flush(false);
                    } else {
                        if (lineLength == MAX_LINE) {
                            flush(true);
                        } else if (lineLength == line.length) {
                            line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
                        }
                        line[lineLength++] = b;
                    }
                }
                buffer.clear();
            }
        }

        /** Writes the pending text as a full (F) or partial (P) line; an empty F line is a real empty line. */
        private void flush(boolean partial) throws IOException {
            if (partial && lineLength == 0) {
                return;
            }
            writer.write(stream, partial, line, 0, lineLength);
            lineLength = 0;
        }

        private void flushQuietly(boolean partial) {
            try {
                flush(partial);
            } catch (IOException e) {
                LOG.warn("container {}: writing {} log failed: {}", container, stream, e.toString());
            }
        }

        void releaseKeeper() {
            try {
                keeper.close();
            } catch (IOException ignored) {
                // closing our own write end cannot fail in a way that matters
            }
        }

        void stop() {
            try {
                channel.close(); // wakes a read blocked on the FIFO
            } catch (IOException ignored) {
                // closing only wakes the reader
            }
            releaseKeeper();
        }
    }
}
