package io.tugboat.apiserver.rest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A watch as a chunked HTTP response: one JSON event per line, flushed after each burst. */
final class HttpWatchSink implements WatchSink {

    // The response stream sends every write as a chunk of its own, each its own TLS record and write to the
    // socket: buffered, an event and its newline, or a burst of events, go out as one.
    private static final int BUFFER = 16 * 1024;

    private final OutputStream out;

    HttpWatchSink(OutputStream out) {
        this.out = new BufferedOutputStream(out, BUFFER);
    }

    @Override
    public void send(EncodedEvent event) throws IOException {
        out.write(event.utf8());
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
