package io.tugboat.apiserver.streams;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * Joins two WebSockets (the client's and the agent's) and relays messages both ways, frame for frame, including
 * the close. A message is acknowledged (and the next one read) only once the other side has sent it on, so a slow
 * reader slows the writer instead of filling memory. Messages that arrive before the other side is open wait
 * for it. Public (as its ends) only because Jetty calls WebSocket listeners through public lookups.
 */
public final class WebSocketRelay {

    private final Half client = new Half();
    private final Half agent = new Half();

    WebSocketRelay() {
        client.peer = agent;
        agent.peer = client;
    }

    Session.Listener clientSide() {
        return client;
    }

    Session.Listener agentSide() {
        return agent;
    }

    public static final class Half implements Session.Listener.AutoDemanding {
        private final CompletableFuture<Session> session = new CompletableFuture<>();
        private Half peer;
        /**
         * The last action queued toward this side. Actions chain on it so that they run in arrival order even
         * while this side is not open yet (a CompletableFuture runs its direct dependents in reverse order).
         */
        private CompletableFuture<Session> tail = session;

        @Override
        public void onWebSocketOpen(Session s) {
            session.complete(s);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            // the payload stays valid until the callback completes, which is after the peer has sent it
            peer.then(p -> p.sendBinary(payload, callback));
        }

        @Override
        public void onWebSocketText(String text) {
            peer.then(p -> p.sendText(text, Callback.NOOP));
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            peer.close(code, reason);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            peer.close(StatusCode.SERVER_ERROR, "the other end of the stream failed");
        }

        private synchronized void then(Consumer<Session> action) {
            tail = tail.thenApply(s -> {
                try {
                    action.accept(s);
                } catch (RuntimeException e) {
                    // a side already closed refuses the send; later actions (the close) must still run
                }
                return s;
            });
        }

        private void close(int code, String reason) {
            // 1005/1006/1015 describe what happened and may not be sent; the peer then sees a normal or error close
            int sendable = switch (code) {
                case StatusCode.NO_CODE -> StatusCode.NORMAL;
                case StatusCode.ABNORMAL, StatusCode.FAILED_TLS_HANDSHAKE -> StatusCode.SERVER_ERROR;
                default -> code;
            };
            then(s -> {
                if (s.isOpen()) {
                    s.close(sendable, reason, Callback.NOOP);
                }
            });
        }
    }
}
