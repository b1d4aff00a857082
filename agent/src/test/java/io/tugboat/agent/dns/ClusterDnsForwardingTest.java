package io.tugboat.agent.dns;

import static io.tugboat.agent.dns.DnsFixtures.clusterIp;
import static io.tugboat.agent.dns.DnsFixtures.endpoint;
import static io.tugboat.agent.dns.DnsFixtures.externalName;
import static io.tugboat.agent.dns.DnsFixtures.headless;
import static io.tugboat.agent.dns.DnsFixtures.slice;
import static io.tugboat.agent.dns.Dig.answers;
import static io.tugboat.agent.dns.Dig.ask;
import static io.tugboat.agent.dns.Dig.records;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Names outside the cluster domain go upstream. The upstream is a second server on loopback, authoritative for
 * {@code upstream.test}; a dead upstream is a bound UDP socket that never answers.
 */
class ClusterDnsForwardingTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final List<AutoCloseable> open = new ArrayList<>();
    private ClusterDnsServer upstream;

    @BeforeEach
    void startUpstream() throws Exception {
        InMemoryServiceCatalog catalog = new InMemoryServiceCatalog()
                .add(clusterIp("default", "web", "192.0.2.10"))
                .add(headless("default", "big", false))
                .add(slice("default", "big", "a", IntStream.range(0, 150)
                        .mapToObj(i -> endpoint("198.51.100." + (i + 1), null, true)).toList()));
        upstream = started(ClusterDnsConfig.of(ANY_LOOPBACK_PORT, List.of()).withClusterDomain("upstream.test"),
                catalog);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        NioClient.close(); // the test resolver's selector thread
    }

    private ClusterDnsServer started(ClusterDnsConfig config, ServiceCatalog catalog) throws Exception {
        ClusterDnsServer server = new ClusterDnsServer(config, catalog);
        open.add(server);
        server.start();
        return server;
    }

    /** A cluster DNS server for cluster.local that forwards to {@code upstreams}. */
    private InetSocketAddress forwardingTo(InetSocketAddress... upstreams) throws Exception {
        InMemoryServiceCatalog catalog = new InMemoryServiceCatalog()
                .add(externalName("default", "partner", "web.default.svc.upstream.test"))
                .add(externalName("default", "gone", "nope.default.svc.upstream.test"));
        return started(ClusterDnsConfig.of(ANY_LOOPBACK_PORT, List.of(upstreams)), catalog).address();
    }

    /** A UDP socket that takes queries and never answers them. */
    private InetSocketAddress silentUpstream() throws Exception {
        DatagramSocket socket = new DatagramSocket(ANY_LOOPBACK_PORT);
        open.add(socket);
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void anOutsideNameIsAnsweredByTheUpstream(boolean tcp) throws Exception {
        InetSocketAddress server = forwardingTo(upstream.address());

        Message answer = ask(server, tcp, "web.default.svc.upstream.test.", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(answers(answer)).containsExactly("192.0.2.10");
        assertThat(ask(server, tcp, "nope.default.svc.upstream.test.", Type.A).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aLargeUpstreamAnswerComesOverTcpAndReachesTheClientWhole() throws Exception {
        InetSocketAddress server = forwardingTo(upstream.address());

        Message truncated = ask(server, "big.default.svc.upstream.test.", Type.A,
                resolver -> resolver.setIgnoreTruncation(true));
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(answers(ask(server, false, "big.default.svc.upstream.test.", Type.A))).hasSize(150);
    }

    @Test
    void anExternalNameIsFollowedUpstream() throws Exception {
        InetSocketAddress server = forwardingTo(upstream.address());

        Message answer = ask(server, false, "partner.default.svc.cluster.local.", Type.A);
        assertThat(records(answer, Section.ANSWER)).containsExactly(
                "partner.default.svc.cluster.local. CNAME web.default.svc.upstream.test.",
                "web.default.svc.upstream.test. A 192.0.2.10");

        Message dangling = ask(server, false, "gone.default.svc.cluster.local.", Type.A);
        assertThat(dangling.getRcode()).as("the alias's target does not exist").isEqualTo(Rcode.NXDOMAIN);
        assertThat(records(dangling, Section.ANSWER))
                .containsExactly("gone.default.svc.cluster.local. CNAME nope.default.svc.upstream.test.");
    }

    @Test
    void noAnswerInTimeIsServfail() throws Exception {
        InetSocketAddress server = forwardingTo(silentUpstream());

        long started = System.nanoTime();
        Message answer = ask(server, false, "example.org.", Type.A);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofMillis(3500)); // 2 s, on a busy machine
    }

    @Test
    void aDeadUpstreamLeavesTimeForTheNext() throws Exception {
        InetSocketAddress server = forwardingTo(silentUpstream(), upstream.address());

        long started = System.nanoTime();
        Message answer = ask(server, false, "web.default.svc.upstream.test.", Type.A);

        assertThat(answers(answer)).containsExactly("192.0.2.10");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void closeEndsAForwardInFlight() throws Exception {
        InetSocketAddress address = forwardingTo(silentUpstream());
        ClusterDnsServer server = (ClusterDnsServer) open.getLast();
        Thread asking = Thread.ofVirtual().start(() -> {
            try {
                ask(address, true, "example.org.", Type.A);
            } catch (Exception e) {
                // the server went away: expected
            }
        });
        Thread.sleep(200);

        long started = System.nanoTime();
        server.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(asking.join(Duration.ofSeconds(5))).isTrue();
    }
}
