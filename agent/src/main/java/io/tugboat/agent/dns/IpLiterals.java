package io.tugboat.agent.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/**
 * IP address literals from Kubernetes objects and query names. Never {@link InetAddress#getByName}: given something
 * that is not a literal it would resolve it, and a DNS server must not send a query of its own per bad input.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    static Optional<InetAddress> parse(String literal) {
        if (literal == null || literal.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Address.getByAddress(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The address in a pod or endpoint label, the IP with its dots or colons turned into dashes ({@code 10-1-2-3},
     * {@code fd00--1}) as CoreDNS writes and reads it.
     */
    static Optional<InetAddress> fromDashed(String label) {
        if (!label.contains("-")) {
            return Optional.empty();
        }
        Optional<InetAddress> v4 = label.chars().filter(c -> c == '-').count() == 3
                ? parse(label.replace('-', '.')).filter(a -> a.getAddress().length == 4)
                : Optional.empty();
        return v4.isPresent() ? v4 : parse(label.replace('-', ':')).filter(a -> a.getAddress().length == 16);
    }

    static String dashed(String literal) {
        return literal.replace('.', '-').replace(':', '-');
    }
}
