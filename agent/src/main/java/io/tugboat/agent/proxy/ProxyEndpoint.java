package io.tugboat.agent.proxy;

/** One backend of a service port: a pod address and the port it listens on. */
public record ProxyEndpoint(String ip, int port) {

    @Override
    public String toString() {
        return ip + ":" + port;
    }
}
