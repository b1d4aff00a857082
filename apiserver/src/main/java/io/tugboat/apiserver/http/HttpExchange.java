package io.tugboat.apiserver.http;

import io.tugboat.apiserver.security.UserInfo;
import java.io.OutputStream;
import java.util.List;
import org.eclipse.jetty.websocket.api.Session;

/** One HTTP request and its response, as the API handlers see it, independent of the HTTP server underneath. */
public interface HttpExchange {

    String method();

    /** The decoded path, e.g. /api/v1/namespaces/default/pods. */
    String path();

    /** The first value of a query parameter, or null. */
    String query(String name);

    List<String> queryAll(String name);

    String header(String name);

    /** The request body, read fully; more than {@code limit} bytes is a 413. */
    byte[] body(int limit);

    UserInfo user();

    void setHeader(String name, String value);

    void addHeader(String name, String value);

    /** Sends a complete response. */
    void respond(int status, String contentType, byte[] body);

    /**
     * Starts a streamed response (chunked); each flush reaches the client at once. The stream is closed by
     * the caller when done. {@link #onClientGone} fires if the client goes away first.
     */
    OutputStream stream(int status, String contentType);

    void onClientGone(Runnable action);

    /** Whether the request asks to switch to the WebSocket protocol (exec, attach, fabric8's watches). */
    boolean isWebSocketUpgrade();

    /** The WebSocket subprotocols the client offers, in its order of preference. */
    List<String> webSocketProtocols();

    /**
     * Switches the connection to a WebSocket speaking {@code subprotocol} (null: none), served by {@code endpoint} from now on;
     * the HTTP exchange ends here. Jetty's listener type is used as is: wrapping it would add a layer and no
     * freedom, since the server underneath is Jetty by design.
     */
    void acceptWebSocket(String subprotocol, Session.Listener endpoint);

    /** Whether {@link #acceptWebSocket} took the exchange over, so that the HTTP layer must not complete it. */
    boolean handedOver();
}
