package io.tugboat.agent.server.spdy;

import java.util.List;
import java.util.Map;

/**
 * The SPDY/3.1 frames a port-forward server reads or writes. Header names are lower case, as SPDY requires;
 * a header with several values keeps them in order. Frames the server has no use for (SETTINGS, WINDOW_UPDATE,
 * HEADERS, ...) are read as {@link Ignored} so that a peer sending them is not an error.
 */
public sealed interface SpdyFrame {

    int FLAG_FIN = 0x01;

    /** A peer opens a stream. */
    record SynStream(int streamId, boolean fin, Map<String, List<String>> headers) implements SpdyFrame {
        /** The first value of a header, or null; names are compared in lower case. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** The answer that accepts a peer's stream. */
    record SynReply(int streamId, boolean fin, Map<String, List<String>> headers) implements SpdyFrame {
    }

    /** Bytes on a stream; {@code fin} half-closes the sender's side. */
    record Data(int streamId, boolean fin, byte[] data) implements SpdyFrame {
    }

    /** Aborts a stream. */
    record RstStream(int streamId, int status) implements SpdyFrame {
        public static final int PROTOCOL_ERROR = 1;
        public static final int INVALID_STREAM = 2;
        public static final int REFUSED_STREAM = 3;
        public static final int CANCEL = 5;
    }

    /** A liveness check: the receiver of a ping the other side started sends it back unchanged. */
    record Ping(int id) implements SpdyFrame {
    }

    /** The sender starts no more streams and is about to close the connection. */
    record GoAway(int lastGoodStreamId, int status) implements SpdyFrame {
    }

    /** A control frame of a type this server does not act on. */
    record Ignored(int type) implements SpdyFrame {
    }
}
