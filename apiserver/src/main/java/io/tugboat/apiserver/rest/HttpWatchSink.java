package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import java.io.IOException;
import java.io.OutputStream;

/** A watch as a chunked HTTP response: one JSON event per line, flushed after each burst. */
final class HttpWatchSink implements WatchSink {

    private final OutputStream out;

    HttpWatchSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void send(ObjectNode event) throws IOException {
        out.write(Json.bytes(event));
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
