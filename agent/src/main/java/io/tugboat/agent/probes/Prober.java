package io.tugboat.agent.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.tugboat.runtime.ContainerRuntime;
import io.tugboat.runtime.ExecProcess;
import io.tugboat.runtime.ExecSpec;
import io.tugboat.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs one probe the way the kubelet does: exec (exit 0), httpGet (a status in [200, 400), redirects not
 * followed, certificates not checked), tcpSocket (the connection opens); each within timeoutSeconds.
 */
public final class Prober {

    private final ContainerRuntime runtime;
    private final HttpClient http;
    private final HttpClient https;

    public Prober(ContainerRuntime runtime) {
        this.runtime = runtime;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.https = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).sslContext(trustAll()).build();
    }

    public ProbeResult run(Probe probe, Container container, String containerId, String podAddress) {
        Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : Math.max(1, probe.getTimeoutSeconds()));
        try {
            if (probe.getExec() != null) {
                return exec(containerId, probe.getExec().getCommand(), timeout);
            }
            if (probe.getHttpGet() != null) {
                return httpGet(probe.getHttpGet(), container, podAddress, timeout);
            }
            if (probe.getTcpSocket() != null) {
                return tcpSocket(probe.getTcpSocket(), container, podAddress, timeout);
            }
            return ProbeResult.failed("probe type not supported by Tugboat");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        } catch (IllegalArgumentException e) {
            return ProbeResult.failed(e.getMessage());
        }
    }

    private ProbeResult httpGet(HTTPGetAction get, Container container, String podAddress, Duration timeout)
            throws InterruptedException {
        String address = hostPort(orPod(get.getHost(), podAddress), port(get.getPort(), container));
        boolean secure = "HTTPS".equalsIgnoreCase(get.getScheme());
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String url = (secure ? "https://" : "http://") + address + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                .header("User-Agent", "kube-probe/1.32");
        if (get.getHttpHeaders() != null) {
            for (HTTPHeader h : get.getHttpHeaders()) {
                request.setHeader(h.getName(), h.getValue());
            }
        }
        // the kubelet names what it dialled in an Unhealthy message: Get "http://ip:port/path": dial tcp ip:port
        String target = "Get \"" + url + "\": dial tcp " + address;
        try {
            HttpResponse<byte[]> response = (secure ? https : http).send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            int code = response.statusCode();
            return code >= 200 && code < 400 ? ProbeResult.ok()
                    : ProbeResult.failed("HTTP probe failed with statuscode: " + code);
        } catch (IOException e) {
            return failure(target, e);
        }
    }

    private static ProbeResult tcpSocket(TCPSocketAction tcp, Container container, String podAddress, Duration timeout) {
        String host = orPod(tcp.getHost(), podAddress);
        int port = port(tcp.getPort(), container);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return ProbeResult.ok();
        } catch (IOException e) {
            return failure("dial tcp " + hostPort(host, port), e);
        }
    }

    private static ProbeResult failure(String target, IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException || e instanceof java.net.SocketTimeoutException) {
            return ProbeResult.failed(target + ": context deadline exceeded");
        }
        return ProbeResult.failed(target + ": connect: " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
    }

    private static String orPod(String host, String podAddress) {
        return host == null || host.isEmpty() ? podAddress : host;
    }

    private ProbeResult exec(String containerId, java.util.List<String> command, Duration timeout) throws InterruptedException {
        ExecProcess process;
        try {
            process = runtime.exec(containerId, new ExecSpec(command, false, false, 0, 0));
        } catch (RuntimeFailure e) {
            return ProbeResult.failed(e.getMessage());
        }
        try {
            process.stdin().close();
        } catch (IOException e) {
            // the command may not read stdin at all
        }
        Thread drainErr = Thread.ofVirtual().start(() -> drain(process.stderr()));
        byte[] output;
        try {
            output = process.stdout().readNBytes(10 * 1024);
            int code = process.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            drainErr.join(Duration.ofSeconds(1));
            return code == 0 ? ProbeResult.ok() : ProbeResult.failed(new String(output).strip().isEmpty()
                    ? "command " + command + " exited with " + code : new String(output).strip());
        } catch (TimeoutException e) {
            process.kill();
            return ProbeResult.failed("command timed out");
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            process.kill();
            return ProbeResult.failed(e.getMessage());
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the exec ended
        }
    }

    static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("probe has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(name);
        }
        if (container.getPorts() != null) {
            for (ContainerPort p : container.getPorts()) {
                if (name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        throw new IllegalArgumentException("unable to find port \"" + name + "\" in container " + container.getName());
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // the kubelet does not verify probe targets' certificates either
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
