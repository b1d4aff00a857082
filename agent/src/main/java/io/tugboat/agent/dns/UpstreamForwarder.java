package io.tugboat.agent.dns;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Sends the queries for names outside the cluster to the node's own resolvers, in order, over UDP and over TCP
 * when the UDP answer is truncated. Blocking sockets opened per query on the caller's (virtual) thread: nothing
 * outlives a query, and interrupting the thread ends the exchange.
 */
final class UpstreamForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamForwarder.class);

    private final List<InetSocketAddress> upstreams;
    private final Duration timeout;
    /** Each forwarded query gets an unpredictable ID (and a fresh port), so that an off-path answer cannot pass. */
    private final SecureRandom ids = new SecureRandom();

    UpstreamForwarder(List<InetSocketAddress> upstreams, Duration timeout) {
        this.upstreams = List.copyOf(upstreams);
        this.timeout = timeout;
    }

    boolean hasUpstreams() {
        return !upstreams.isEmpty();
    }

    /**
     * The answer to {@code query}, with its ID, from the first upstream that gives a usable one (not SERVFAIL or
     * REFUSED) within the timeout, counted for all upstreams together; empty when none did.
     */
    Optional<Message> forward(Message query) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < upstreams.size() && !Thread.currentThread().isInterrupted(); i++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            // what is left is shared among the upstreams not tried yet, so that one dead resolver cannot use it all
            long slotDeadline = System.nanoTime() + remaining / (upstreams.size() - i);
            InetSocketAddress upstream = upstreams.get(i);
            try {
                Message answer = exchange(upstream, query, slotDeadline);
                int rcode = answer.getRcode();
                if (rcode != Rcode.SERVFAIL && rcode != Rcode.REFUSED) {
                    answer.getHeader().setID(query.getHeader().getID());
                    return Optional.of(answer);
                }
                LOG.debug("upstream {} answered {} with {}", upstream, query.getQuestion(), Rcode.string(rcode));
            } catch (IOException e) {
                LOG.debug("upstream {} did not answer {}: {}", upstream, query.getQuestion(), e.toString());
            }
        }
        return Optional.empty();
    }

    private Message exchange(InetSocketAddress upstream, Message query, long deadline) throws IOException {
        Message sent = query.clone();
        sent.getHeader().setID(ids.nextInt(0x10000));
        byte[] wire = sent.toWire(Message.MAXLENGTH);
        Message answer = overUdp(upstream, sent, wire, deadline);
        return answer.getHeader().getFlag(Flags.TC) ? overTcp(upstream, sent, wire, deadline) : answer;
    }

    private static Message overUdp(InetSocketAddress upstream, Message sent, byte[] wire, long deadline)
            throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(upstream);
            socket.send(new DatagramPacket(wire, wire.length));
            byte[] buffer = new byte[Message.MAXLENGTH];
            while (true) {
                socket.setSoTimeout(millisLeft(deadline));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Optional<Message> answer = answerTo(sent, Arrays.copyOf(buffer, packet.getLength()));
                if (answer.isPresent()) {
                    return answer.get();
                }
                // a late answer to an earlier query, or garbage: keep waiting for ours
            }
        }
    }

    private static Message overTcp(InetSocketAddress upstream, Message sent, byte[] wire, long deadline)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(upstream, millisLeft(deadline));
            socket.setSoTimeout(millisLeft(deadline));
            TcpFraming.write(new DataOutputStream(socket.getOutputStream()), wire);
            byte[] bytes = TcpFraming.read(new DataInputStream(new BufferedInputStream(socket.getInputStream())));
            if (bytes == null) {
                throw new EOFException("the upstream closed the connection without an answer");
            }
            return answerTo(sent, bytes).orElseThrow(() -> new IOException("an answer that does not match the query"));
        }
    }

    /** {@code bytes} as the answer to {@code sent}: same ID and question (RFC 5452 9.1), else none. */
    private static Optional<Message> answerTo(Message sent, byte[] bytes) {
        try {
            Message answer = new Message(bytes);
            boolean matches = answer.getHeader().getFlag(Flags.QR)
                    && answer.getHeader().getID() == sent.getHeader().getID()
                    && sent.getQuestion().equals(answer.getQuestion());
            return matches ? Optional.of(answer) : Optional.empty();
        } catch (IOException | RuntimeException e) { // dnsjava throws more than WireParseException on some garbage
            return Optional.empty();
        }
    }

    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (millis <= 0) {
            throw new SocketTimeoutException("no answer in time");
        }
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }
}
