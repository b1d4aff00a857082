package io.tugboat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP watch on the pods of a namespace (the bench namespace unless told) over its own TLS connection, read by a platform thread
 * with a minimal chunked reader (as in {@link WatchFanout}: Jetty sends a chunk's closing CRLF only with the
 * next write, so it is consumed before the next chunk, not after this one). Every event line is stamped with
 * {@link System#nanoTime} when its last byte arrives, then parsed and handed to the listener.
 *
 * <p>It asks for bookmarks as client-go's reflectors and fabric8's informers do. (Without them the API server's
 * {@code WatchHandler} busy-polls its event queue from 30 s after the watch opened, once the first bookmark time
 * has passed, and keeps a core busy for the rest of the watch: found by the scheduling-throughput harness.)
 */
final class PodWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    interface Listener {
        void event(String type, JsonNode object, long receivedNanos);
    }

    private final Socket socket;
    private final Thread reader;
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile String ended;

    private PodWatch(Kubeconfig config, String namespace, String fromVersion, Listener listener) throws IOException {
        this.socket = config.ssl().getSocketFactory().createSocket(config.server().getHost(), config.server().getPort());
        socket.setTcpNoDelay(true);
        String request = "GET /api/v1/namespaces/" + namespace + "/pods?watch=true&resourceVersion=" + fromVersion
                + "&timeoutSeconds=3600&allowWatchBookmarks=true HTTP/1.1\r\n"
                + "Host: " + config.server().getHost() + ":" + config.server().getPort() + "\r\n"
                + "Authorization: Bearer " + config.token() + "\r\n"
                + "Accept: application/json\r\n\r\n";
        this.reader = Thread.ofPlatform().daemon().name("pod-watch").start(() -> {
            try {
                read(request, listener);
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    ended = e.toString();
                }
            } finally {
                opened.countDown();
            }
        });
    }

    /** Opens the watch from {@code fromVersion} and waits until the server has answered with its headers. */
    static PodWatch open(Kubeconfig config, String fromVersion, Listener listener) throws IOException, InterruptedException {
        return open(config, NodeCluster.NS, fromVersion, listener);
    }

    /** The same on the pods of {@code namespace}. */
    static PodWatch open(Kubeconfig config, String namespace, String fromVersion, Listener listener)
            throws IOException, InterruptedException {
        PodWatch watch = new PodWatch(config, namespace, fromVersion, listener);
        if (!watch.opened.await(20, TimeUnit.SECONDS) || watch.ended != null) {
            watch.close();
            throw new IOException("pod watch did not open: " + watch.ended);
        }
        return watch;
    }

    /** Null while the watch runs; else how it ended early. */
    String ended() {
        return ended;
    }

    private void read(String request, Listener listener) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        String status = readLine(in);
        if (status == null || !status.startsWith("HTTP/1.1 200")) {
            throw new IOException("watch answered " + status);
        }
        for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && !header.toLowerCase(Locale.ROOT).contains("chunked")) {
                throw new IOException("watch response is not chunked");
            }
        }
        opened.countDown();
        ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
        byte[] chunk = new byte[64 * 1024];
        boolean afterChunk = false;
        while (true) {
            if (afterChunk && readLine(in) == null) {
                throw new IOException("watch connection closed");
            }
            afterChunk = true;
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new IOException("watch connection closed");
            }
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                throw new IOException("watch ended by the server");
            }
            if (chunk.length < size) {
                chunk = new byte[size];
            }
            if (in.readNBytes(chunk, 0, size) < size) {
                throw new IOException("watch connection closed in a chunk");
            }
            long now = System.nanoTime();
            int from = 0;
            for (int i = 0; i < size; i++) {
                if (chunk[i] == '\n') {
                    line.write(chunk, from, i - from);
                    from = i + 1;
                    if (line.size() > 0) {
                        JsonNode event = JSON.readTree(line.toByteArray());
                        line.reset();
                        listener.event(event.path("type").asText(), event.path("object"), now);
                    }
                }
            }
            line.write(chunk, from, size - from);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
