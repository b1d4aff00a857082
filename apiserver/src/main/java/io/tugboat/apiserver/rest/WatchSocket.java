package io.tugboat.apiserver.rest;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * A watch served over a WebSocket: each event one text message, as kube-apiserver sends them; the server closes
 * the socket (normal closure) when the watch ends, and the client closing it stops the watch. The watch runs on a
 * thread of its own from the moment the socket opens. Public only because Jetty calls WebSocket listeners through
 * public lookups.
 */
public final class WatchSocket implements Session.Listener.AutoDemanding, WatchSink {

    private final Consumer<WatchSocket> watch;
    private final Runnable stop;
    private volatile Session session;

    /** {@code watch} writes the events until the watch ends; {@code stop} ends it early (the client left). */
    WatchSocket(Consumer<WatchSocket> watch, Runnable stop) {
        this.watch = watch;
        this.stop = stop;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        Thread.ofVirtual().name("watch-ws").start(() -> watch.accept(this));
    }

    @Override
    public void onWebSocketText(String message) {
        // clients send nothing on a watch; ignore whatever arrives
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        stop.run();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        stop.run();
    }

    /** Waits until the message is out, so that a slow client slows its watch rather than filling memory. */
    @Override
    public void send(EncodedEvent event) throws IOException {
        Callback.Completable sent = new Callback.Completable();
        session.sendText(event.text(), sent);
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw new IOException("the watch client went away", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending a watch event", e);
        }
    }

    @Override
    public void flush() {
        // every message is sent whole
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(StatusCode.NORMAL, "", Callback.NOOP);
        }
    }
}
