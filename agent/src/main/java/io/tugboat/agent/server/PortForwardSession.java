package io.tugboat.agent.server;

import io.tugboat.agent.server.spdy.SpdyFrame;
import io.tugboat.agent.server.spdy.SpdyFrameReader;
import io.tugboat.agent.server.spdy.SpdyFrameWriter;
import io.tugboat.agent.server.spdy.SpdyProtocolException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one port-forward tunnel: a SPDY/3.1 connection carried in WebSocket binary messages, as the
 * kubelet serves it. The client opens two streams per forwarded TCP connection, with headers {@code streamType}
 * (error or data), {@code port} and {@code requestID}; each is accepted with a SYN_REPLY, and once both are there a
 * {@link ForwardedConnection} dials the pod. PINGs the client starts are answered; a GOAWAY or the end of the
 * WebSocket ends every connection. No flow control (WINDOW_UPDATE): Go's spdystream neither sends nor needs it;
 * instead a message is acknowledged, and the next read, only once its data reached the pod's sockets.
 * Public only because Jetty calls WebSocket listeners through public lookups.
 */
public final class PortForwardSession implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(PortForwardSession.class);
    private static final int GOAWAY_PROTOCOL_ERROR = 1;

    private final String pod;
    private final String address;
    private final SpdyFrameReader reader = new SpdyFrameReader();
    private final SpdyFrameWriter writer = new SpdyFrameWriter();
    /** Frames are encoded and queued under this lock: header compression is one stream in send order. */
    private final Object sendLock = new Object();
    private final Map<Integer, ForwardedConnection> byStream = new ConcurrentHashMap<>();
    /** Connections waiting for their second stream, by request id; touched by the reading thread only. */
    private final Map<String, ForwardedConnection> halfOpen = new HashMap<>();
    private volatile Session session;
    private boolean closed; // guarded by sendLock

    PortForwardSession(String pod, String address) {
        this.pod = pod;
        this.address = address;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        LOG.debug("port-forward tunnel to {} ({}) open", pod, address);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        Acks acks = new Acks(callback);
        try {
            List<SpdyFrame> frames;
            synchronized (reader) {
                frames = reader.feed(payload);
            }
            for (SpdyFrame frame : frames) {
                handle(frame, acks);
            }
        } catch (SpdyProtocolException e) {
            LOG.info("port-forward tunnel to {}: {}; closing it", pod, e.getMessage());
            send(new SpdyFrame.GoAway(0, GOAWAY_PROTOCOL_ERROR), false);
            session.close(StatusCode.PROTOCOL, e.getMessage(), Callback.NOOP);
        } finally {
            acks.done();
        }
    }

    private void handle(SpdyFrame frame, Acks acks) {
        switch (frame) {
            case SpdyFrame.SynStream s -> open(s);
            case SpdyFrame.Data d -> {
                ForwardedConnection c = byStream.get(d.streamId());
                if (c != null) {
                    c.fromClient(d, acks);
                }
            }
            case SpdyFrame.RstStream r -> {
                ForwardedConnection c = byStream.get(r.streamId());
                if (c != null) {
                    c.abort();
                }
            }
            case SpdyFrame.Ping p -> {
                if ((p.id() & 1) == 1) { // started by the client (odd ids); ours would be even, and we send none
                    send(p, false);
                }
            }
            case SpdyFrame.GoAway g -> session.close(StatusCode.NORMAL, "", Callback.NOOP);
            default -> {
                // SETTINGS, WINDOW_UPDATE, HEADERS, a SYN_REPLY we never asked for: nothing to do
            }
        }
    }

    /** Accepts a stream, as the kubelet does, then pairs it with its other half by request id. */
    private void open(SpdyFrame.SynStream s) {
        String type = s.header("streamType");
        int port = port(s.header("port"));
        if (port <= 0 || !("data".equals(type) || "error".equals(type))) {
            LOG.debug("port-forward tunnel to {}: refusing stream {} with headers {}", pod, s.streamId(), s.headers());
            send(new SpdyFrame.RstStream(s.streamId(), SpdyFrame.RstStream.CANCEL), false);
            return;
        }
        send(new SpdyFrame.SynReply(s.streamId(), false, Map.of()), false);
        String requestId = s.header("requestID");
        if (requestId == null || requestId.isEmpty()) {
            // clients older than the header pair an error stream with the data stream that follows it
            requestId = Integer.toString(type.equals("error") ? s.streamId() : s.streamId() - 2);
        }
        ForwardedConnection c = halfOpen.computeIfAbsent(requestId, id -> new ForwardedConnection(this, pod, address, port));
        byStream.put(s.streamId(), c);
        if (c.attach(type, s.streamId())) {
            halfOpen.remove(requestId);
            c.start();
        }
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            return p > 0 && p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Sends a frame; with {@code wait}, returns once it is written (so that a fast pod cannot outrun a slow
     * client). False when the tunnel is gone.
     */
    boolean send(SpdyFrame frame, boolean wait) {
        Callback.Completable sent = new Callback.Completable();
        synchronized (sendLock) {
            if (closed) {
                return false;
            }
            session.sendBinary(writer.encode(frame), sent);
        }
        if (!wait) {
            return true;
        }
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

    /** A connection that ended gives up its streams. */
    void forget(ForwardedConnection c) {
        byStream.values().removeIf(v -> v == c);
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            closed = true;
            writer.close();
        }
        LOG.debug("port-forward tunnel to {} closed ({} {})", pod, code, reason);
        for (ForwardedConnection c : List.copyOf(byStream.values())) {
            c.abort();
        }
        byStream.clear();
        synchronized (reader) {
            reader.close();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("port-forward tunnel to {} failed", pod, cause);
        onWebSocketClose(StatusCode.SERVER_ERROR, cause.toString());
    }

    /** Acknowledges a WebSocket message once every piece of data in it has been written (or dropped). */
    static final class Acks {
        private final AtomicInteger pending = new AtomicInteger(1);
        private final Callback callback;

        Acks(Callback callback) {
            this.callback = callback;
        }

        void add() {
            pending.incrementAndGet();
        }

        void done() {
            if (pending.decrementAndGet() == 0) {
                callback.succeed();
            }
        }
    }
}
