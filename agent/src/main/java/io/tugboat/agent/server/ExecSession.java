package io.tugboat.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.agent.streams.PodStreams;
import io.tugboat.agent.streams.StreamException;
import io.tugboat.api.Json;
import io.tugboat.runtime.ExecProcess;
import io.tugboat.runtime.ExecSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec over the Kubernetes channel protocol (v4 or v5): starts the command when the WebSocket opens, sends
 * stdout and stderr on channels 1 and 2, feeds channel 0 to stdin, applies resizes from channel 4, and ends with
 * the kubelet's Status on channel 3 and a normal close. The command is killed if the client goes away first.
 * Each stdin message is acknowledged only once written, so a command that does not read slows its client.
 * Public only because Jetty calls WebSocket listeners through public lookups.
 */
public final class ExecSession implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);
    static final byte STDIN = 0;
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte ERROR = 3;
    static final byte RESIZE = 4;
    static final byte CLOSE = (byte) 255;
    /** After the command exits, how long its output may still drain (a child may hold the pipe open). */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    /** What the stdin writer does next. */
    private sealed interface StdinItem {
    }

    private record Chunk(byte[] data, Callback callback) implements StdinItem {
    }

    private record EndOfInput() implements StdinItem {
    }

    private record Stop() implements StdinItem {
    }

    private final PodStreams pods;
    private final ExecTarget target;
    private final ExecSpec spec;
    private final boolean v5;
    private final CompletableFuture<ExecProcess> process = new CompletableFuture<>();
    private final BlockingQueue<StdinItem> stdin = new LinkedBlockingQueue<>();
    private volatile Session session;
    private volatile int[] lastSize;

    ExecSession(PodStreams pods, ExecTarget target, ExecSpec spec, boolean v5) {
        this.pods = pods;
        this.target = target;
        this.spec = spec;
        this.v5 = v5;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        Thread.ofVirtual().name("exec-" + target.pod()).start(this::run);
        Thread.ofVirtual().name("exec-stdin-" + target.pod()).start(this::writeStdin);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        if (!payload.hasRemaining()) {
            callback.succeed();
            return;
        }
        byte channel = payload.get();
        switch (channel) {
            case STDIN -> {
                byte[] data = new byte[payload.remaining()];
                payload.get(data);
                stdin.add(new Chunk(data, callback));
            }
            case RESIZE -> {
                resize(payload);
                callback.succeed();
            }
            case CLOSE -> {
                if (v5 && payload.hasRemaining() && payload.get() == STDIN) {
                    stdin.add(new EndOfInput());
                }
                callback.succeed();
            }
            default -> callback.succeed(); // nothing else is written by a client
        }
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        stdin.add(new Stop());
        process.thenAccept(p -> {
            if (!p.exitCode().isDone()) {
                LOG.debug("exec client left; killing {} in {}/{}", spec.argv(), target.namespace(), target.pod());
                p.kill();
            }
        });
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("exec stream failed", cause);
        onWebSocketClose(StatusCode.SERVER_ERROR, cause.toString());
    }

    private void run() {
        ExecProcess p;
        try {
            p = pods.exec(target.namespace(), target.pod(), target.container(), spec);
        } catch (StreamException e) {
            process.completeExceptionally(e);
            finish(StatusBodies.execFailure(e.code(), e.reason(), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.warn("exec in {}/{} failed to start", target.namespace(), target.pod(), e);
            process.completeExceptionally(e);
            finish(StatusBodies.execFailure(500, "InternalError", "error executing command in container: " + e.getMessage()));
            return;
        }
        process.complete(p);
        int[] size = lastSize;
        if (size != null) {
            p.resize(size[0], size[1]);
        }
        // As the kubelet: an empty message on the first writable channel tells the client the stream is up.
        send(target.stdout() ? STDOUT : target.stderr() ? STDERR : ERROR, new byte[0], 0);
        Thread out = pump(p.stdout(), target.stdout() ? STDOUT : -1);
        Thread err = pump(p.stderr(), target.stderr() && !spec.tty() ? STDERR : -1);
        int code;
        try {
            code = p.exitCode().get();
            out.join(DRAIN_GRACE);
            err.join(DRAIN_GRACE);
        } catch (ExecutionException e) {
            finish(StatusBodies.execFailure(500, "InternalError", "error executing command in container: " + e.getCause()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.kill();
            return;
        }
        finish(code == 0 ? StatusBodies.execSuccess()
                : StatusBodies.execExitCode("[" + String.join(" ", spec.argv()) + "]", code));
    }

    /** Copies a stream of the command to a channel ({@code channel} -1: read and drop, so the command never blocks). */
    private Thread pump(InputStream in, int channel) {
        return Thread.ofVirtual().name("exec-out-" + target.pod()).start(() -> {
            byte[] buf = new byte[32 * 1024];
            boolean sending = channel >= 0;
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (sending && n > 0) {
                        sending = send((byte) channel, buf, n);
                    }
                }
            } catch (IOException e) {
                LOG.debug("exec output stream ended", e);
            }
        });
    }

    private void writeStdin() {
        while (true) {
            StdinItem item;
            try {
                item = stdin.take();
            } catch (InterruptedException e) {
                return;
            }
            switch (item) {
                case Stop s -> {
                    closeStdin();
                    drainCallbacks();
                    return;
                }
                case EndOfInput e -> closeStdin();
                case Chunk c -> {
                    write(c.data());
                    c.callback().succeed();
                }
            }
        }
    }

    private void write(byte[] data) {
        ExecProcess p = awaitProcess();
        if (p == null || !spec.stdin()) {
            return;
        }
        try {
            OutputStream in = p.stdin();
            in.write(data);
            in.flush();
        } catch (IOException e) {
            // the command closed its stdin or exited: what it did not read is dropped, as a pipe would
        }
    }

    private void closeStdin() {
        ExecProcess p = process.isDone() && !process.isCompletedExceptionally() ? process.join() : null;
        if (p != null && spec.stdin()) {
            try {
                p.stdin().close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private void drainCallbacks() {
        StdinItem item;
        while ((item = stdin.poll()) != null) {
            if (item instanceof Chunk c) {
                c.callback().succeed();
            }
        }
    }

    private ExecProcess awaitProcess() {
        try {
            return process.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void resize(ByteBuffer payload) {
        byte[] json = new byte[payload.remaining()];
        payload.get(json);
        try {
            JsonNode size = Json.MAPPER.readTree(json);
            int columns = size.path("Width").asInt(0);
            int rows = size.path("Height").asInt(0);
            if (columns <= 0 || rows <= 0) {
                return;
            }
            lastSize = new int[] {columns, rows};
            ExecProcess p = process.getNow(null);
            if (p != null) {
                p.resize(columns, rows);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("ignoring a malformed resize message", e);
        }
    }

    /** Sends one message on a channel, waiting until it is out; false once the client is gone. */
    private boolean send(byte channel, byte[] data, int length) {
        ByteBuffer frame = ByteBuffer.allocate(length + 1).put(channel).put(data, 0, length).flip();
        Callback.Completable sent = new Callback.Completable();
        session.sendBinary(frame, sent);
        try {
            sent.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void finish(byte[] status) {
        send(ERROR, status, status.length);
        session.close(StatusCode.NORMAL, "", Callback.NOOP);
    }
}
