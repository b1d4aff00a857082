package io.tugboat.apiserver.http;

import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.security.UserInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/** {@link HttpExchange} over Jetty's core request and response; handlers run blocking on a virtual thread. */
public final class JettyExchange implements HttpExchange {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ServerWebSocketContainer webSockets;
    private final UserInfo user;
    private final Fields query;
    private final String path;
    private boolean handedOver;

    /** {@code callback} completes the exchange; it is only used here when a WebSocket upgrade takes the exchange over. */
    public JettyExchange(Request request, Response response, Callback callback, ServerWebSocketContainer webSockets,
            UserInfo user) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.webSockets = webSockets;
        this.user = user;
        this.query = Request.extractQueryParameters(request);
        this.path = request.getHttpURI().getDecodedPath();
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query(String name) {
        Fields.Field f = query.get(name);
        return f == null ? null : f.getValue();
    }

    @Override
    public List<String> queryAll(String name) {
        Fields.Field f = query.get(name);
        return f == null ? List.of() : f.getValues();
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    @Override
    public byte[] body(int limit) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = Request.asInputStream(request)) {
            return declared >= 0 ? readDeclared(in, (int) declared) : readUpTo(in, limit);
        } catch (IOException e) {
            throw StatusException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    // Most bodies declare their length: read them into an array of that size, not through growing buffers,
    // which were a sixth of the server's allocations at 1,000 writes/s.
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        if (read < length) {
            throw new IOException("the body ended after " + read + " of the " + length + " bytes declared");
        }
        if (in.read() >= 0) {
            throw new IOException("the body is longer than the " + length + " bytes declared");
        }
        return body;
    }

    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > limit) {
                throw tooLarge(limit);
            }
        }
        return out.toByteArray();
    }

    private static StatusException tooLarge(int limit) {
        return StatusException.tooLarge("Request entity too large: limit is " + limit);
    }

    @Override
    public UserInfo user() {
        return user;
    }

    @Override
    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    @Override
    public void respond(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        FutureCallback done = new FutureCallback();
        response.write(true, ByteBuffer.wrap(body), done);
        try {
            done.block();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream stream(int status, String contentType) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
        // Commit the headers now: clients (fabric8's informers) wait for them before treating the stream as open,
        // and an idle watch may not write a byte for minutes.
        FutureCallback committed = new FutureCallback();
        response.write(false, ByteBuffer.allocate(0), committed);
        try {
            committed.block();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Content.Sink.asOutputStream(response);
    }

    @Override
    public void onClientGone(Runnable action) {
        request.addFailureListener(failure -> action.run());
    }

    @Override
    public boolean isWebSocketUpgrade() {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    @Override
    public List<String> webSocketProtocols() {
        List<String> offered = new ArrayList<>();
        for (String value : request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        return offered;
    }

    @Override
    public void acceptWebSocket(String subprotocol, Session.Listener endpoint) {
        if (!isWebSocketUpgrade()) {
            throw StatusException.badRequest("Upgrade request required");
        }
        handedOver = true;
        boolean upgraded;
        try {
            upgraded = webSockets.upgrade((req, resp, cb) -> {
                if (subprotocol != null) { // a watch negotiates none
                    resp.setAcceptedSubProtocol(subprotocol);
                }
                return endpoint;
            }, request, response, callback);
        } catch (RuntimeException e) {
            handedOver = response.isCommitted();
            throw StatusException.badRequest("the WebSocket handshake failed: " + e.getMessage());
        }
        if (!upgraded) {
            handedOver = false;
            throw StatusException.badRequest("the WebSocket handshake failed: not a valid WebSocket upgrade request");
        }
    }

    @Override
    public boolean handedOver() {
        return handedOver;
    }
}
