package io.tugboat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback TCP ports that were free a moment ago. Another process may still take one before the caller
 * binds it, so whoever starts a server on them should retry with fresh ports if the bind fails.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** One free port on 127.0.0.1. */
    public static int next() {
        return next(1).getFirst();
    }

    /** {@code count} distinct free ports on 127.0.0.1 (all held open together, so they differ). */
    public static List<Integer> next(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted cannot lose anything
                }
            }
        }
    }
}
