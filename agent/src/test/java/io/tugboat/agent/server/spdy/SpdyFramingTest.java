package io.tugboat.agent.server.spdy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;

class SpdyFramingTest {

    @Test
    void theDictionaryIsSpdy3s() {
        byte[] dict = SpdyDictionary.bytes();
        Adler32 sum = new Adler32();
        sum.update(dict);
        assertThat(dict).hasSize(1423);
        assertThat(sum.getValue()).isEqualTo(0xe3c6a7c2L); // the id zlib puts in the stream header (FDICT)
    }

    @Test
    void framesSurviveARoundTripInPiecesOfAnySize() throws Exception {
        List<SpdyFrame> sent = List.of(
                new SpdyFrame.SynStream(1, false, Map.of("streamtype", List.of("error"), "port", List.of("8080"),
                        "requestid", List.of("0"))),
                new SpdyFrame.Data(1, true, new byte[0]),
                new SpdyFrame.SynStream(3, false, Map.of("streamtype", List.of("data"), "port", List.of("8080"),
                        "requestid", List.of("0"))),
                new SpdyFrame.Data(3, false, "GET / HTTP/1.1\r\n\r\n".getBytes()),
                new SpdyFrame.Ping(1),
                new SpdyFrame.RstStream(3, SpdyFrame.RstStream.CANCEL),
                new SpdyFrame.GoAway(3, 0));
        ByteBuffer wire;
        try (SpdyFrameWriter writer = new SpdyFrameWriter()) {
            List<ByteBuffer> parts = sent.stream().map(writer::encode).toList();
            wire = ByteBuffer.allocate(parts.stream().mapToInt(ByteBuffer::remaining).sum());
            parts.forEach(wire::put);
            wire.flip();
        }
        for (int piece : new int[] {1, 7, 13, 4096}) {
            List<SpdyFrame> read = new ArrayList<>();
            try (SpdyFrameReader reader = new SpdyFrameReader()) {
                ByteBuffer all = wire.duplicate();
                while (all.hasRemaining()) {
                    int n = Math.min(piece, all.remaining());
                    ByteBuffer slice = all.slice(all.position(), n);
                    all.position(all.position() + n);
                    read.addAll(reader.feed(slice));
                }
            }
            assertThat(read).hasSize(sent.size());
            SpdyFrame.SynStream data = (SpdyFrame.SynStream) read.get(2);
            assertThat(data.header("streamType")).isEqualTo("data");
            assertThat(data.header("PORT")).isEqualTo("8080");
            assertThat(((SpdyFrame.Data) read.get(1)).fin()).isTrue();
            assertThat(new String(((SpdyFrame.Data) read.get(3)).data())).isEqualTo("GET / HTTP/1.1\r\n\r\n");
            assertThat(read.subList(4, 7)).containsExactlyElementsOf(sent.subList(4, 7));
        }
    }

    @Test
    void anotherVersionIsRefused() {
        ByteBuffer spdy2Ping = ByteBuffer.allocate(12).putShort((short) 0x8002).putShort((short) 6).putInt(4).putInt(1).flip();
        try (SpdyFrameReader reader = new SpdyFrameReader()) {
            assertThatThrownBy(() -> reader.feed(spdy2Ping)).isInstanceOf(SpdyProtocolException.class)
                    .hasMessageContaining("version 2");
        }
    }
}
