package io.tugboat.apiserver.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.errors.StatusException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * A client WebSocket whose stream could not be opened on the node: the failure goes out as a Status on the error
 * channel and the connection closes, which kubectl prints as "error: ...". Answering the handshake with an HTTP
 * error instead would make kubectl retry over SPDY and show that attempt's error rather than this one.
 * Public only because Jetty calls WebSocket listeners through public lookups.
 */
public final class FailedStream implements Session.Listener.AutoDemanding {

    private static final byte ERROR_CHANNEL = 3;

    private final StatusException failure;

    FailedStream(StatusException failure) {
        this.failure = failure;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", failure.getMessage());
        status.put("reason", failure.reason());
        status.put("code", failure.code());
        byte[] json = Json.bytes(status);
        ByteBuffer frame = ByteBuffer.allocate(json.length + 1).put(ERROR_CHANNEL).put(json).flip();
        session.sendBinary(frame, Callback.from(() -> session.close(StatusCode.NORMAL, "", Callback.NOOP),
                x -> session.close(StatusCode.SERVER_ERROR, "", Callback.NOOP)));
    }
}
