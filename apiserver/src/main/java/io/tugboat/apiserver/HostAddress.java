package io.tugboat.apiserver;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** The host's primary address, as k3s picks it: the first IPv4 address of an interface that is up and not loopback. */
public final class HostAddress {

    private HostAddress() {
    }

    /** That address, skipping Tugboat's own bridges and pod veths; 127.0.0.1 when there is none. */
    public static String primary() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || nic.getName().startsWith("tug")
                        || nic.getName().startsWith("veth")) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to read: loopback is all there is
        }
        return "127.0.0.1";
    }
}
