package io.tugboat.agent.server;

import io.tugboat.agent.server.spdy.SpdyFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded TCP connection: the pair of SPDY streams kubectl opens for it (data, and error for a failure
 * message) and the socket to the pod's port. Bytes from the client go to the socket in order on a writer thread;
 * the socket's bytes go back as DATA frames. The pod closing its side ends the data stream and the error stream
 * (the client waits for both); the client's FIN half-closes the socket. A failure to dial is written on the error
 * stream, as the kubelet writes it, and kubectl prints it.
 */
final class ForwardedConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardedConnection.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int CHUNK = 32 * 1024;

    private sealed interface ToPod {
    }

    private record Chunk(byte[] data, PortForwardSession.Acks acks) implements ToPod {
    }

    private record EndOfInput() implements ToPod {
    }

    private record Stop() implements ToPod {
    }

    private final PortForwardSession tunnel;
    private final String pod;
    private final String address;
    private final int port;
    private final BlockingQueue<ToPod> toPod = new LinkedBlockingQueue<>();
    /** The two directions still running; the socket closes when both are done. */
    private final AtomicInteger halvesRunning = new AtomicInteger(2);
    private int dataStream = -1;
    private int errorStream = -1;
    private volatile Socket socket;
    private boolean finished; // guarded by this: chunks arriving later are acknowledged and dropped

    ForwardedConnection(PortForwardSession tunnel, String pod, String address, int port) {
        this.tunnel = tunnel;
        this.pod = pod;
        this.address = address;
        this.port = port;
    }

    /** Records one of the two streams; true once both are there. */
    boolean attach(String type, int streamId) {
        if (type.equals("data")) {
            dataStream = streamId;
        } else {
            errorStream = streamId;
        }
        return dataStream >= 0 && errorStream >= 0;
    }

    void start() {
        Thread.ofVirtual().name("port-forward-" + pod + ":" + port).start(this::run);
    }

    /** Data the client sent on one of this connection's streams (the error stream only ever carries its FIN). */
    void fromClient(SpdyFrame.Data d, PortForwardSession.Acks acks) {
        if (d.streamId() != dataStream) {
            return;
        }
        synchronized (this) {
            if (finished) {
                return;
            }
            if (d.data().length > 0) {
                acks.add();
                toPod.add(new Chunk(d.data(), acks));
            }
            if (d.fin()) {
                toPod.add(new EndOfInput());
            }
        }
    }

    /** The client reset a stream or the tunnel ended: drop the connection. */
    void abort() {
        stop();
        closeSocket();
    }

    private void run() {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address, port), (int) CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            closeQuietly(s);
            stop();
            String message = "error forwarding port " + port + " to pod " + pod + ": dial tcp " + address + ":" + port
                    + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            LOG.debug(message);
            tunnel.send(new SpdyFrame.Data(errorStream, false, message.getBytes(StandardCharsets.UTF_8)), true);
            endStreams();
            tunnel.forget(this);
            return;
        }
        synchronized (this) {
            if (finished) { // aborted while dialing
                closeQuietly(s);
                tunnel.forget(this);
                return;
            }
            socket = s;
        }
        Thread.ofVirtual().name("port-forward-in-" + pod + ":" + port).start(this::writeToPod);
        copyFromPod(s);
    }

    private void copyFromPod(Socket s) {
        byte[] buf = new byte[CHUNK];
        try (InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0 && !tunnel.send(new SpdyFrame.Data(dataStream, false, Arrays.copyOf(buf, n)), true)) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.debug("reading from {}:{} of {} ended: {}", address, port, pod, e.toString());
        }
        endStreams();
        halfDone();
    }

    private void writeToPod() {
        boolean writable = true;
        try {
            while (true) {
                ToPod item = toPod.take();
                switch (item) {
                    case Chunk c -> {
                        if (writable) {
                            writable = write(c.data());
                        }
                        c.acks().done();
                    }
                    case EndOfInput e -> {
                        shutdownOutput();
                        return;
                    }
                    case Stop s -> {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drain();
            halfDone();
        }
    }

    private boolean write(byte[] data) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(data);
            out.flush();
            return true;
        } catch (IOException e) {
            // the pod closed its side: what it did not read is dropped, as with a direct connection
            return false;
        }
    }

    private void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Both streams end: the client stops reading from the pod once the data stream ends and the error stream is empty. */
    private void endStreams() {
        tunnel.send(new SpdyFrame.Data(dataStream, true, new byte[0]), false);
        tunnel.send(new SpdyFrame.Data(errorStream, true, new byte[0]), false);
    }

    private void halfDone() {
        if (halvesRunning.decrementAndGet() == 0) {
            closeSocket();
            tunnel.forget(this);
        }
    }

    /** No more data for the pod: the writer stops and whatever waits is acknowledged. */
    private void stop() {
        synchronized (this) {
            finished = true;
            toPod.add(new Stop());
            if (socket == null) {
                drain(); // no writer thread yet, and {@link #run} starts none once finished
            }
        }
    }

    private void drain() {
        synchronized (this) {
            finished = true;
            ToPod item;
            while ((item = toPod.poll()) != null) {
                if (item instanceof Chunk c) {
                    c.acks().done();
                }
            }
        }
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
