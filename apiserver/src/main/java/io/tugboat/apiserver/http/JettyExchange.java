package io.tugboat.apiserver.http;

import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.security.UserInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.FutureCallback;

/** {@link HttpExchange} over Jetty's core request and response; handlers run blocking on a virtual thread. */
public final class JettyExchange implements HttpExchange {

    private final Request request;
    private final Response response;
    private final UserInfo user;
    private final Fields query;
    private final String path;

    public JettyExchange(Request request, Response response, UserInfo user) {
        this.request = request;
        this.response = response;
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw tooLarge(limit);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw StatusException.badRequest("cannot read the request body: " + e.getMessage());
        }
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
}
