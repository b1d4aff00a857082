package io.tugboat.apiserver.rest;

import java.io.IOException;

/**
 * Where a watch writes its events: a chunked HTTP response of JSON lines, or a WebSocket with one text message per
 * event (as kube-apiserver serves a watch that asks for an upgrade, which fabric8 does).
 */
interface WatchSink extends AutoCloseable {

    /** Writes one {"type","object"} event; it may wait in a buffer until {@link #flush}. */
    void send(EncodedEvent event) throws IOException;

    /** Makes what was sent reach the client. */
    void flush() throws IOException;

    /** Ends the watch for the client. */
    @Override
    void close() throws IOException;
}
