package io.tugboat.agent.server;

import io.tugboat.agent.streams.LogSource;
import io.tugboat.agent.streams.PodStreams;
import io.tugboat.agent.streams.StreamException;
import io.tugboat.runtime.logs.ContainerLogs;
import io.tugboat.runtime.logs.LogQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /containerLogs/{namespace}/{pod}/{container}: a container's log as plain text, followed if asked. */
final class LogEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(LogEndpoint.class);

    private final PodStreams pods;
    private final Clock clock;

    LogEndpoint(PodStreams pods, Clock clock) {
        this.pods = pods;
        this.clock = clock;
    }

    void serve(Exchange ex, String namespace, String pod, String container) {
        LogQuery query;
        boolean previous;
        try {
            query = query(ex);
            previous = ex.flag("previous");
        } catch (Exchange.BadQuery e) {
            ex.fail(400, "BadRequest", e.getMessage());
            return;
        }
        LogSource source;
        try {
            source = pods.logs(namespace, pod, container, previous);
        } catch (StreamException e) {
            ex.fail(e.code(), e.reason(), e.getMessage());
            return;
        }
        // A follow of a quiet container writes nothing for a long time: stop it when the caller goes away.
        AtomicBoolean callerGone = new AtomicBoolean();
        ex.request().addFailureListener(failure -> callerGone.set(true));
        BooleanSupplier stillWriting = () -> !callerGone.get() && source.stillWriting().getAsBoolean();
        ex.response().setStatus(200);
        ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        ex.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
        try {
            FutureCallback committed = new FutureCallback();
            ex.response().write(false, ByteBuffer.allocate(0), committed);
            committed.block();
            OutputStream out = Content.Sink.asOutputStream(ex.response());
            ContainerLogs.write(source.logFile(), query, out, stillWriting);
            out.close();
            ex.callback().succeeded();
        } catch (IOException e) {
            LOG.debug("log stream of {}/{}/{} ended: {}", namespace, pod, container, e.toString());
            ex.callback().failed(e);
        } catch (RuntimeException e) {
            LOG.warn("log stream of {}/{}/{} failed", namespace, pod, container, e);
            ex.callback().failed(e);
        }
    }

    private LogQuery query(Exchange ex) throws Exchange.BadQuery {
        Long tail = ex.number("tailLines");
        Long limit = ex.number("limitBytes");
        Long sinceSeconds = ex.number("sinceSeconds");
        String sinceTime = ex.query("sinceTime");
        Optional<Instant> since = Optional.empty();
        if (sinceSeconds != null) {
            since = Optional.of(clock.instant().minusSeconds(sinceSeconds));
        } else if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                since = Optional.of(OffsetDateTime.parse(sinceTime).toInstant());
            } catch (DateTimeParseException e) {
                throw new Exchange.BadQuery("invalid value for sinceTime: \"" + sinceTime + "\" is not an RFC 3339 time");
            }
        }
        return new LogQuery(ex.flag("follow"), tail == null ? OptionalLong.empty() : OptionalLong.of(tail), since,
                ex.flag("timestamps"), limit == null ? OptionalLong.empty() : OptionalLong.of(limit));
    }
}
