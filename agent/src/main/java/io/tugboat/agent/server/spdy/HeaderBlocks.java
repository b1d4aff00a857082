package io.tugboat.agent.server.spdy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * SPDY/3 name/value header blocks: a count, then length-prefixed names and NUL-separated values, zlib-compressed
 * with the SPDY dictionary. Each direction of a connection is one zlib stream across all its header blocks, so
 * one instance belongs to one connection: {@link #decode} to frames read in order, {@link #encode} to frames
 * written in order (each block ends with a sync flush, as Go's framer writes and expects them).
 */
final class HeaderBlocks implements AutoCloseable {

    /** No sane port-forward header block is near this; a bigger one is an attack or a bug. */
    private static final int MAX_DECODED_BYTES = 64 * 1024;

    private final Inflater inflater = new Inflater();
    private final Deflater deflater = new Deflater();

    HeaderBlocks() {
        deflater.setDictionary(SpdyDictionary.bytes());
    }

    Map<String, List<String>> decode(byte[] compressed) throws SpdyProtocolException {
        byte[] raw = inflate(compressed);
        ByteBuffer in = ByteBuffer.wrap(raw);
        try {
            int count = in.getInt();
            if (count < 0 || count > raw.length / 8) {
                throw new SpdyProtocolException("bad header count " + count);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = string(in).toLowerCase(Locale.ROOT);
                List<String> values = List.of(string(in).split("\0", -1));
                headers.merge(name, values, (a, b) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                });
            }
            return headers;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new SpdyProtocolException("truncated header block");
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad length");
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private byte[] inflate(byte[] compressed) throws SpdyProtocolException {
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            while (true) {
                int n = inflater.inflate(buf);
                if (n > 0) {
                    out.write(buf, 0, n);
                    if (out.size() > MAX_DECODED_BYTES) {
                        throw new SpdyProtocolException("header block larger than " + MAX_DECODED_BYTES + " bytes");
                    }
                } else if (inflater.needsDictionary()) {
                    inflater.setDictionary(SpdyDictionary.bytes());
                } else if (inflater.needsInput() || inflater.finished()) {
                    return out.toByteArray();
                }
            }
        } catch (DataFormatException e) {
            throw new SpdyProtocolException("bad compressed header block: " + e.getMessage());
        }
    }

    byte[] encode(Map<String, List<String>> headers) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        writeInt(raw, headers.size());
        headers.forEach((name, values) -> {
            byte[] n = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            byte[] v = String.join("\0", values).getBytes(StandardCharsets.UTF_8);
            writeInt(raw, n.length);
            raw.writeBytes(n);
            writeInt(raw, v.length);
            raw.writeBytes(v);
        });
        deflater.setInput(raw.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        // a sync flush is complete once a call leaves room in the buffer
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.writeBytes(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    @Override
    public void close() {
        inflater.end();
        deflater.end();
    }
}
