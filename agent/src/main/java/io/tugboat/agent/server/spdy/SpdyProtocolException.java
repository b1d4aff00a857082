package io.tugboat.agent.server.spdy;

/** The peer broke SPDY/3.1 framing: the connection cannot go on. */
public final class SpdyProtocolException extends Exception {
    public SpdyProtocolException(String message) {
        super(message);
    }
}
