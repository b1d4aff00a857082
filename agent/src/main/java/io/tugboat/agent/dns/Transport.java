package io.tugboat.agent.dns;

import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/** How a query came, which bounds how large its answer may be. */
enum Transport {
    UDP,
    TCP;

    /** Plain DNS over UDP (RFC 1035). */
    static final int CLASSIC_UDP_SIZE = 512;
    /**
     * The largest UDP answer sent, whatever EDNS size a client offers: the DNS Flag Day 2020 value, which keeps
     * answers clear of IP fragmentation.
     */
    static final int MAX_UDP_SIZE = 1232;

    /** The size past which the answer to {@code query} is truncated (TC) so that the client asks again over TCP. */
    int responseLimit(Message query) {
        if (this == TCP) {
            return Message.MAXLENGTH;
        }
        OPTRecord opt = query.getOPT();
        return opt == null ? CLASSIC_UDP_SIZE : Math.clamp(opt.getPayloadSize(), CLASSIC_UDP_SIZE, MAX_UDP_SIZE);
    }
}
