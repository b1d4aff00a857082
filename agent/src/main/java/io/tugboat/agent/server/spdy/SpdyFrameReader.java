package io.tugboat.agent.server.spdy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SPDY/3.1 frames from a byte stream that arrives in arbitrary pieces (WebSocket messages need not align
 * with frames): bytes are kept until a whole frame is there. One reader per connection, fed in order.
 */
public final class SpdyFrameReader implements AutoCloseable {

    static final int VERSION = 3;
    static final int SYN_STREAM = 1;
    static final int SYN_REPLY = 2;
    static final int RST_STREAM = 3;
    static final int PING = 6;
    static final int GOAWAY = 7;
    private static final int HEADER_BYTES = 8;
    /** Frames bigger than this are refused rather than buffered: SPDY allows 16 MiB, clients write 32 KiB. */
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private final HeaderBlocks headers = new HeaderBlocks();
    private ByteBuffer pending = ByteBuffer.allocate(0);

    /** Appends {@code bytes} and returns every frame now complete, in order. */
    public List<SpdyFrame> feed(ByteBuffer bytes) throws SpdyProtocolException {
        ByteBuffer all = ByteBuffer.allocate(pending.remaining() + bytes.remaining());
        all.put(pending).put(bytes).flip();
        List<SpdyFrame> frames = new ArrayList<>();
        while (all.remaining() >= HEADER_BYTES) {
            int length = ((all.get(all.position() + 5) & 0xff) << 16) | ((all.get(all.position() + 6) & 0xff) << 8)
                    | (all.get(all.position() + 7) & 0xff);
            if (length > MAX_FRAME_BYTES) {
                throw new SpdyProtocolException("frame of " + length + " bytes is larger than " + MAX_FRAME_BYTES);
            }
            if (all.remaining() < HEADER_BYTES + length) {
                break;
            }
            int word = all.getInt();
            int flags = all.get() & 0xff;
            all.position(all.position() + 3);
            byte[] payload = new byte[length];
            all.get(payload);
            frames.add(frame(word, flags, payload));
        }
        pending = all.slice();
        return frames;
    }

    private SpdyFrame frame(int word, int flags, byte[] payload) throws SpdyProtocolException {
        boolean fin = (flags & SpdyFrame.FLAG_FIN) != 0;
        if (word >= 0) { // the control bit is clear: a data frame
            return new SpdyFrame.Data(word & 0x7fffffff, fin, payload);
        }
        int version = (word >>> 16) & 0x7fff;
        int type = word & 0xffff;
        if (version != VERSION) {
            throw new SpdyProtocolException("unsupported SPDY version " + version);
        }
        ByteBuffer p = ByteBuffer.wrap(payload);
        try {
            return switch (type) {
                case SYN_STREAM -> {
                    int streamId = p.getInt() & 0x7fffffff;
                    p.getInt(); // associated-to stream: port-forward does not push
                    p.getShort(); // priority and slot
                    byte[] block = new byte[p.remaining()];
                    p.get(block);
                    yield new SpdyFrame.SynStream(streamId, fin, headers.decode(block));
                }
                case SYN_REPLY -> {
                    int streamId = p.getInt() & 0x7fffffff;
                    byte[] block = new byte[p.remaining()];
                    p.get(block);
                    yield new SpdyFrame.SynReply(streamId, fin, headers.decode(block));
                }
                case RST_STREAM -> new SpdyFrame.RstStream(p.getInt() & 0x7fffffff, p.getInt());
                case PING -> new SpdyFrame.Ping(p.getInt());
                case GOAWAY -> new SpdyFrame.GoAway(p.getInt() & 0x7fffffff, p.remaining() >= 4 ? p.getInt() : 0);
                default -> new SpdyFrame.Ignored(type);
            };
        } catch (java.nio.BufferUnderflowException e) {
            throw new SpdyProtocolException("control frame of type " + type + " is too short");
        }
    }

    @Override
    public void close() {
        headers.close();
    }
}
