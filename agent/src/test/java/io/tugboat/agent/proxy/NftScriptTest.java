package io.tugboat.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.runtime.process.HostCommand;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rendered rules as the kernel takes them: applied in a network namespace of the test's own, where a
 * client connects to a cluster IP and lands on a backend, and a service port without endpoints refuses.
 */
class NftScriptTest {

    private final String netns = "tugproxytest" + ThreadLocalRandom.current().nextInt(1_000_000);
    private final String table = "tugboat_test";
    private final List<Process> servers = new ArrayList<>();

    @BeforeEach
    void namespace() throws IOException {
        run("ip", "netns", "add", netns);
        run("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
        run("ip", "netns", "exec", netns, "ip", "addr", "add", "10.99.0.1/32", "dev", "lo");
        run("ip", "netns", "exec", netns, "ip", "addr", "add", "10.99.0.2/32", "dev", "lo");
        // a route for cluster IPs, as a node has one (its default route), so that connecting gets as far as the rules
        run("ip", "netns", "exec", netns, "ip", "route", "add", "default", "dev", "lo");
    }

    @AfterEach
    void remove() throws IOException {
        servers.forEach(Process::destroyForcibly);
        for (Process p : servers) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        run("ip", "netns", "delete", netns);
    }

    private static String run(String... argv) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of(argv));
        assertThat(r.ok()).as(String.join(" ", argv) + ": " + r.message()).isTrue();
        return r.stdout();
    }

    private void apply(String script) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("ip", "netns", "exec", netns, HostCommand.find("nft"), "-f", "-"), Map.of(),
                script.getBytes(StandardCharsets.UTF_8));
        assertThat(r.ok()).as(r.message() + "\n" + script).isTrue();
    }

    /** A server in the namespace that answers each connection with its own name. */
    private void server(String ip, int port) throws Exception {
        String code = "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                + "s.bind(('" + ip + "'," + port + "))\ns.listen(64)\nprint('up',flush=True)\n"
                + "while True:\n  c,_=s.accept()\n  c.sendall(b'" + ip + "')\n  c.close()\n";
        Process p = new ProcessBuilder("ip", "netns", "exec", netns, "python3", "-c", code).redirectErrorStream(true).start();
        servers.add(p);
        assertThat(new String(p.getInputStream().readNBytes(3), StandardCharsets.UTF_8)).isEqualTo("up\n");
    }

    /** Connects {@code times} times from inside the namespace (one python client) and returns what each connection got. */
    private List<String> connect(String ip, int port, int times) throws IOException {
        String code = "import socket\nfor _ in range(" + times + "):\n  try:\n"
                + "    c=socket.create_connection(('" + ip + "'," + port + "),timeout=3)\n    print(c.recv(100).decode())\n    c.close()\n"
                + "  except Exception as e:\n    print(type(e).__name__ + ' ' + str(e))\n";
        HostCommand.Result r = HostCommand.run(List.of("ip", "netns", "exec", netns, "python3", "-c", code));
        return List.of(r.stdout().trim().split("\n"));
    }

    private String connect(String ip, int port) throws IOException {
        return connect(ip, port, 1).get(0);
    }

    private static ProxiedPort port(String clusterIp, int affinity, ProxyEndpoint... endpoints) {
        return new ProxiedPort("default/web:http", "tcp", clusterIp, 80, 30080, List.of(), affinity, List.of(endpoints), List.of(endpoints));
    }

    @Test
    void connectionsToAClusterIpReachEveryEndpointAndAnEmptyServiceRefuses() throws Exception {
        server("10.99.0.1", 8080);
        server("10.99.0.2", 8080);
        NftScript script = new NftScript(table, "lo");
        NftScript.Rendered first = script.render(List.of(port("10.43.0.5", 0,
                new ProxyEndpoint("10.99.0.1", 8080), new ProxyEndpoint("10.99.0.2", 8080)),
                new ProxiedPort("default/empty:80", "tcp", "10.43.0.6", 80, 0, List.of(), 0, List.of(), List.of())), null);
        apply(first.text());

        assertThat(new java.util.HashSet<>(connect("10.43.0.5", 80, 40))).containsExactlyInAnyOrder("10.99.0.1", "10.99.0.2");
        assertThat(connect("10.99.0.1", 30080)).as("node port").isIn("10.99.0.1", "10.99.0.2");
        assertThat(connect("10.43.0.6", 80)).startsWith("ConnectionRefusedError");

        // one endpoint leaves: every new connection goes to the other; the stale chain is gone from the table
        NftScript.Rendered second = script.render(List.of(port("10.43.0.5", 0, new ProxyEndpoint("10.99.0.2", 8080))), first);
        apply(second.text());
        assertThat(connect("10.43.0.5", 80, 10)).containsOnly("10.99.0.2");
        assertThat(connect("10.43.0.6", 80)).as("a service that is gone is not refused by us any more").isNotEqualTo("10.99.0.2");
        String listed = run("ip", "netns", "exec", netns, HostCommand.find("nft"), "list", "table", "ip", table);
        assertThat(second.chains()).hasSize(2);
        for (String stale : first.chains()) {
            if (!second.chains().contains(stale)) {
                assertThat(listed).doesNotContain("chain " + stale + " ");
            }
        }
    }

    @Test
    void clientIpAffinitySticksAcrossARuleUpdate() throws Exception {
        server("10.99.0.1", 8080);
        server("10.99.0.2", 8080);
        NftScript script = new NftScript(table, "lo");
        ProxiedPort sticky = port("10.43.0.5", 600, new ProxyEndpoint("10.99.0.1", 8080), new ProxyEndpoint("10.99.0.2", 8080));
        NftScript.Rendered first = script.render(List.of(sticky), null);
        apply(first.text());
        String chosen = connect("10.43.0.5", 80);
        assertThat(chosen).startsWith("10.99.0.");
        assertThat(connect("10.43.0.5", 80, 15)).containsOnly(chosen);
        // another service changes: the affinity entries survive the rewrite
        apply(script.render(List.of(sticky, port("10.43.0.8", 0, new ProxyEndpoint("10.99.0.1", 8080))), first).text());
        assertThat(connect("10.43.0.5", 80, 10)).containsOnly(chosen);
    }

    /** A UDP server in the namespace that answers each datagram with its own name. */
    private void udpServer(String ip, int port) throws Exception {
        String code = "import socket\ns=socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "s.bind(('" + ip + "'," + port + "))\nprint('up',flush=True)\n"
                + "while True:\n  d,a=s.recvfrom(100)\n  s.sendto(b'" + ip + "',a)\n";
        Process p = new ProcessBuilder("ip", "netns", "exec", netns, "python3", "-c", code).redirectErrorStream(true).start();
        servers.add(p);
        assertThat(new String(p.getInputStream().readNBytes(3), StandardCharsets.UTF_8)).isEqualTo("up\n");
    }

    /** One datagram from a fixed source port (so that it belongs to the same conntrack flow every time). */
    private String udpAsk(String ip, int port) throws IOException {
        String code = "import socket\nc=socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "c.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\nc.bind(('0.0.0.0',40404))\nc.settimeout(3)\n"
                + "c.sendto(b'?',('" + ip + "'," + port + "))\n"
                + "try:\n  print(c.recvfrom(100)[0].decode())\nexcept Exception as e:\n  print(type(e).__name__)\n";
        return HostCommand.run(List.of("ip", "netns", "exec", netns, "python3", "-c", code)).stdout().trim();
    }

    @Test
    void aUdpFlowMovesOffARemovedEndpoint() throws Exception {
        udpServer("10.99.0.1", 5353);
        udpServer("10.99.0.2", 5353);
        NftScript script = new NftScript(table, "lo");
        List<ProxiedPort> first = List.of(new ProxiedPort("default/dns:53", "udp", "10.43.0.10", 53, 0, List.of(), 0,
                List.of(new ProxyEndpoint("10.99.0.1", 5353)), List.of(new ProxyEndpoint("10.99.0.1", 5353))));
        NftScript.Rendered applied = script.render(first, null);
        apply(applied.text());
        assertThat(udpAsk("10.43.0.10", 53)).isEqualTo("10.99.0.1");

        List<ProxiedPort> second = List.of(new ProxiedPort("default/dns:53", "udp", "10.43.0.10", 53, 0, List.of(), 0,
                List.of(new ProxyEndpoint("10.99.0.2", 5353)), List.of(new ProxyEndpoint("10.99.0.2", 5353))));
        apply(script.render(second, applied).text());
        // the flow from the same source port is still in conntrack, bound to the old endpoint
        assertThat(udpAsk("10.43.0.10", 53)).isEqualTo("10.99.0.1");
        new StaleFlows(List.of("ip", "netns", "exec", netns)).delete(StaleFlows.between(first, second));
        assertThat(udpAsk("10.43.0.10", 53)).isEqualTo("10.99.0.2");
    }

    @Test
    void theFirstScriptReplacesWhateverTheTableHeld() throws Exception {
        apply("add table ip " + table + "\nadd chain ip " + table + " leftover\n");
        NftScript script = new NftScript(table, "lo");
        apply(script.render(List.of(), null).text());
        assertThat(run("ip", "netns", "exec", netns, HostCommand.find("nft"), "list", "table", "ip", table)).doesNotContain("leftover");
        assertThat(connect("10.43.0.5", 80)).isNotEqualTo("10.99.0.1");
    }
}
