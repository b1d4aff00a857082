package io.tugboat.apiserver.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * Stands in for a node agent's kubelet API (the apiserver module cannot use the real one): answers
 * /containerLogs with the query it got, and /exec with a WebSocket that echoes stdin on stdout and ends with the
 * exit code named by the command ("exit-N"), so that the proxy's relay can be driven end to end.
 */
final class FakeAgent implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    FakeAgent(KeyStore keys, String password, String nodeToken) throws Exception {
        server = new Server();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keys);
        tls.setKeyStorePassword(password);
        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        connector = new ServerConnector(server, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!("Bearer " + nodeToken).equals(request.getHeaders().get("Authorization"))) {
                    response.setStatus(401);
                    response.getHeaders().put("WWW-Authenticate", "Bearer");
                    response.write(true, ByteBuffer.wrap("{\"kind\":\"Status\",\"code\":401,\"message\":\"Unauthorized\"}"
                            .getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
                String path = request.getHttpURI().getPath();
                String query = request.getHttpURI().getQuery();
                if (path.startsWith("/containerLogs/")) {
                    if (path.endsWith("/gone")) {
                        response.setStatus(400);
                        response.write(true, ByteBuffer.wrap(("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                + "\"message\":\"container \\\"gone\\\" in pod \\\"p\\\" is waiting to start: ContainerCreating\","
                                + "\"reason\":\"BadRequest\",\"code\":400}").getBytes(StandardCharsets.UTF_8)), callback);
                        return true;
                    }
                    response.getHeaders().put("Content-Type", "text/plain");
                    response.write(true, ByteBuffer.wrap((path + "?" + query + "\n").getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
                if (path.startsWith("/exec/")) {
                    List<String> command = Request.extractQueryParameters(request).getValues("command");
                    String protocol = request.getHeaders().get("Sec-WebSocket-Protocol");
                    ws.upgrade((req, resp, cb) -> {
                        resp.setAcceptedSubProtocol(protocol);
                        return new EchoExec(command);
                    }, request, response, callback);
                    return true;
                }
                response.setStatus(404);
                callback.succeeded();
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Echoes stdin to stdout; at stdin's close (or at once for "exit-N") reports exit code N (0 without). Public for Jetty. */
    public static final class EchoExec implements Session.Listener.AutoDemanding {
        private final List<String> command;
        private Session session;

        EchoExec(List<String> command) {
            this.command = command;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            send(1, ("argv=" + command + "\n").getBytes(StandardCharsets.UTF_8));
            if (command.getFirst().startsWith("exit-")) {
                finish();
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
            byte channel = payload.get();
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            if (channel == 0) {
                send(1, data);
            } else if (channel == (byte) 255 && data.length == 1 && data[0] == 0) {
                finish();
            }
            callback.succeed();
        }

        private void finish() {
            int code = command.getFirst().startsWith("exit-") ? Integer.parseInt(command.getFirst().substring(5)) : 0;
            String status = code == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                    : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code\","
                    + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}";
            send(3, status.getBytes(StandardCharsets.UTF_8));
            session.close(StatusCode.NORMAL, "", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }

        private void send(int channel, byte[] data) {
            ByteBuffer frame = ByteBuffer.allocate(data.length + 1).put((byte) channel).put(data).flip();
            session.sendBinary(frame, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }
}
