package io.tugboat.apiserver.streams;

import io.tugboat.api.errors.StatusException;
import java.util.List;

/**
 * The remote-command WebSocket subprotocols Tugboat speaks: v5 (kubectl >= 1.30; adds closing one stream) and
 * v4 (fabric8, client-java). Binary frames whose first byte is the channel: 0 stdin, 1 stdout, 2 stderr,
 * 3 error (a Status), 4 resize; v5 adds 255 = close the channel named by the next byte.
 */
final class ChannelProtocols {

    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    static final List<String> SUPPORTED = List.of(V5, V4);

    private ChannelProtocols() {
    }

    /** The first protocol the client offers that we speak, as Kubernetes' wsstream handshake chooses. */
    static String choose(List<String> offered) {
        for (String p : offered) {
            if (SUPPORTED.contains(p)) {
                return p;
            }
        }
        throw StatusException.badRequest("requested protocol(s) are not supported: " + offered + "; supports "
                + SUPPORTED);
    }
}
