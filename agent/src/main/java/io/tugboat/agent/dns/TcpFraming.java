package io.tugboat.agent.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** DNS over TCP frames each message with its length in two bytes (RFC 1035 4.2.2, RFC 7766). */
final class TcpFraming {

    private TcpFraming() {
    }

    /** The next message, or null when the peer closed the connection between messages. */
    static byte[] read(DataInputStream in) throws IOException {
        int high = in.read();
        if (high < 0) {
            return null;
        }
        int low = in.read();
        if (low < 0) {
            throw new EOFException("connection closed inside a message length");
        }
        byte[] message = new byte[(high << 8) | low];
        in.readFully(message);
        return message;
    }

    static void write(DataOutputStream out, byte[] message) throws IOException {
        out.writeShort(message.length);
        out.write(message);
        out.flush();
    }
}
