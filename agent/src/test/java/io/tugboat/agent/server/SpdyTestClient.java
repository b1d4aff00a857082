package io.tugboat.agent.server;

import io.tugboat.agent.server.spdy.SpdyFrame;
import io.tugboat.agent.server.spdy.SpdyFrameReader;
import io.tugboat.agent.server.spdy.SpdyFrameWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A SPDY client over a WebSocket, as kubectl's port-forward tunnel is: frames out, frames in. Public for Jetty. */
public final class SpdyTestClient implements Session.Listener.AutoDemanding {

    final CompletableFuture<Session> opened = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final BlockingQueue<SpdyFrame> received = new LinkedBlockingQueue<>();
    private final SpdyFrameReader reader = new SpdyFrameReader();
    private final SpdyFrameWriter writer = new SpdyFrameWriter();

    @Override
    public void onWebSocketOpen(Session session) {
        opened.complete(session);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            received.addAll(reader.feed(payload));
            callback.succeed();
        } catch (Exception e) {
            callback.fail(e);
        }
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        closed.complete(code);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        opened.completeExceptionally(cause);
        closed.completeExceptionally(cause);
    }

    synchronized void send(SpdyFrame frame) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        opened.get(10, TimeUnit.SECONDS).sendBinary(writer.encode(frame), sent);
        sent.get(10, TimeUnit.SECONDS);
    }

    SpdyFrame next() throws InterruptedException {
        SpdyFrame f = received.poll(10, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no SPDY frame within 10 s");
        }
        return f;
    }
}
