package io.tugboat.agent.server.spdy;

import java.nio.ByteBuffer;

/**
 * Encodes SPDY/3.1 frames. Header blocks share one zlib stream per connection, so frames must be encoded in
 * the order they are sent: callers encode and send under one lock.
 */
public final class SpdyFrameWriter implements AutoCloseable {

    private final HeaderBlocks headers = new HeaderBlocks();

    public ByteBuffer encode(SpdyFrame frame) {
        return switch (frame) {
            case SpdyFrame.Data d -> {
                ByteBuffer b = ByteBuffer.allocate(8 + d.data().length);
                b.putInt(d.streamId() & 0x7fffffff);
                putFlagsAndLength(b, d.fin(), d.data().length);
                yield b.put(d.data()).flip();
            }
            case SpdyFrame.SynReply r -> {
                byte[] block = headers.encode(r.headers());
                ByteBuffer b = control(SpdyFrameReader.SYN_REPLY, r.fin(), 4 + block.length);
                yield b.putInt(r.streamId() & 0x7fffffff).put(block).flip();
            }
            case SpdyFrame.SynStream s -> {
                byte[] block = headers.encode(s.headers());
                ByteBuffer b = control(SpdyFrameReader.SYN_STREAM, s.fin(), 10 + block.length);
                yield b.putInt(s.streamId() & 0x7fffffff).putInt(0).putShort((short) 0).put(block).flip();
            }
            case SpdyFrame.RstStream r -> control(SpdyFrameReader.RST_STREAM, false, 8)
                    .putInt(r.streamId() & 0x7fffffff).putInt(r.status()).flip();
            case SpdyFrame.Ping p -> control(SpdyFrameReader.PING, false, 4).putInt(p.id()).flip();
            case SpdyFrame.GoAway g -> control(SpdyFrameReader.GOAWAY, false, 8)
                    .putInt(g.lastGoodStreamId() & 0x7fffffff).putInt(g.status()).flip();
            case SpdyFrame.Ignored i -> throw new IllegalArgumentException("cannot write a frame of type " + i.type());
        };
    }

    private static ByteBuffer control(int type, boolean fin, int length) {
        ByteBuffer b = ByteBuffer.allocate(8 + length);
        b.putShort((short) (0x8000 | SpdyFrameReader.VERSION)).putShort((short) type);
        putFlagsAndLength(b, fin, length);
        return b;
    }

    private static void putFlagsAndLength(ByteBuffer b, boolean fin, int length) {
        b.put((byte) (fin ? SpdyFrame.FLAG_FIN : 0));
        b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
    }

    @Override
    public void close() {
        headers.close();
    }
}
