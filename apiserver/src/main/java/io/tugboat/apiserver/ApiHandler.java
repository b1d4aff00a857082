package io.tugboat.apiserver;

import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.JettyExchange;
import io.tugboat.apiserver.http.Responses;
import io.tugboat.apiserver.security.TokenAuthenticator;
import io.tugboat.apiserver.security.UserInfo;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty entry point: authenticates, routes, and turns every failure into a Kubernetes Status, so that
 * no client ever sees a stack trace or an HTML error page. Runs blocking, on a virtual thread per request.
 */
final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", List.of("system:unauthenticated"));

    private final TokenAuthenticator authenticator;
    private final ApiRouter router;
    private final ServerWebSocketContainer webSockets;

    ApiHandler(TokenAuthenticator authenticator, ApiRouter router, ServerWebSocketContainer webSockets) {
        super(InvocationType.BLOCKING);
        this.authenticator = authenticator;
        this.router = router;
        this.webSockets = webSockets;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        Optional<UserInfo> user = authenticator.authenticate(request.getHeaders().get("Authorization"));
        JettyExchange ex = new JettyExchange(request, response, callback, webSockets, user.orElse(ANONYMOUS));
        try {
            if (user.isEmpty() && !ApiRouter.isPublic(path)) {
                throw StatusException.unauthorized();
            }
            router.route(ex);
            if (!ex.handedOver()) {
                callback.succeeded(); // an accepted WebSocket completes the exchange itself
            }
        } catch (StatusException e) {
            respondError(ex, response, callback, e);
        } catch (RuntimeException e) {
            LOG.error("internal error serving {} {}", request.getMethod(), path, e);
            respondError(ex, response, callback, StatusException.internal("an internal error occurred: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
        return true;
    }

    private static void respondError(JettyExchange ex, Response response, Callback callback, StatusException e) {
        if (ex.handedOver()) {
            LOG.debug("failure after a WebSocket upgrade", e);
            return;
        }
        if (response.isCommitted()) {
            // a stream already started (e.g. a watch): all we can do is end it
            callback.failed(e);
            return;
        }
        try {
            Responses.error(ex, e);
            callback.succeeded();
        } catch (RuntimeException io) {
            callback.failed(io);
        }
    }
}
