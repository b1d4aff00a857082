package io.tugboat.agent.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A test client of the channel protocol: collects what arrives per channel and when the server closes. Public for Jetty. */
public final class ChannelClient implements Session.Listener.AutoDemanding {

    final CompletableFuture<Session> opened = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();

    @Override
    public void onWebSocketOpen(Session session) {
        opened.complete(session);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        int channel = payload.get() & 0xff;
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        ByteArrayOutputStream out = channels.computeIfAbsent(channel, c -> new ByteArrayOutputStream());
        synchronized (out) {
            out.writeBytes(data);
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        closed.complete(code);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.completeExceptionally(cause);
        opened.completeExceptionally(cause);
    }

    String text(int channel) {
        ByteArrayOutputStream out = channels.get(channel);
        if (out == null) {
            return "";
        }
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    void send(int channel, byte[] data) throws Exception {
        ByteBuffer frame = ByteBuffer.allocate(data.length + 1).put((byte) channel).put(data).flip();
        Callback.Completable sent = new Callback.Completable();
        opened.get().sendBinary(frame, sent);
        sent.get();
    }
}
