package io.tugboat.scheduler.snapshot;

/** A host port a pod asks for: host IP ("0.0.0.0" when unset), protocol (TCP when unset) and port. */
public record HostPort(String ip, String protocol, int port) {

    public static final String ANY_IP = "0.0.0.0";

    /** Two claims collide on the same protocol and port when either binds all addresses or both bind the same one. */
    public boolean conflictsWith(HostPort o) {
        return port == o.port && protocol.equals(o.protocol)
                && (ip.equals(o.ip) || ip.equals(ANY_IP) || o.ip.equals(ANY_IP));
    }
}
