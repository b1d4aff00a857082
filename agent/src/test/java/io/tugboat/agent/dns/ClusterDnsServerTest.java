package io.tugboat.agent.dns;

import static io.tugboat.agent.dns.DnsFixtures.clusterIp;
import static io.tugboat.agent.dns.DnsFixtures.endpoint;
import static io.tugboat.agent.dns.DnsFixtures.externalName;
import static io.tugboat.agent.dns.DnsFixtures.headless;
import static io.tugboat.agent.dns.DnsFixtures.port;
import static io.tugboat.agent.dns.DnsFixtures.slice;
import static io.tugboat.agent.dns.DnsFixtures.slicePort;
import static io.tugboat.agent.dns.Dig.answers;
import static io.tugboat.agent.dns.Dig.ask;
import static io.tugboat.agent.dns.Dig.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The cluster zone, served for real on loopback and asked with dnsjava's resolver over UDP and TCP. */
class ClusterDnsServerTest {

    private static final int BIG = 200;

    private ClusterDnsServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        InMemoryServiceCatalog catalog = new InMemoryServiceCatalog()
                .add(clusterIp("default", "web", "10.96.0.10", port("http", 80, "TCP"), port(null, 8080, "TCP"),
                        port("dns", 53, "UDP")))
                .add(headless("default", "db", false, port("pg", 5432, "TCP")))
                .add(slice("default", "db", "a", List.of(endpoint("10.244.0.5", "db-0", true),
                        endpoint("10.244.0.6", "db-1", true), endpoint("10.244.0.7", "db-2", false)),
                        slicePort("pg", 15432, "TCP")))
                // a second slice repeating an address, as while the controller moves endpoints between slices
                .add(slice("default", "db", "b", List.of(endpoint("10.244.0.5", "db-0", true)),
                        slicePort("pg", 15432, "TCP")))
                .add(headless("default", "peers", true, port("gossip", 7946, "UDP")))
                .add(slice("default", "peers", "a", List.of(endpoint("10.244.1.1", null, true),
                        endpoint("10.244.1.2", null, false)), slicePort("gossip", 7946, "UDP")))
                .add(headless("default", "empty", false, port("http", 80, "TCP")))
                .add(externalName("default", "search", "www.example.com"))
                .add(externalName("other", "web", "web.default.svc.cluster.local"))
                .add(headless("default", "big", false))
                .add(slice("default", "big", "a", manyEndpoints()));
        server = new ClusterDnsServer(ClusterDnsConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of()), catalog);
        server.start();
        address = server.address();
    }

    @AfterEach
    void stop() {
        server.close();
        NioClient.close(); // the test resolver's selector thread
    }

    private static List<Endpoint> manyEndpoints() {
        return IntStream.range(0, BIG).mapToObj(i -> endpoint("10.245." + i / 250 + "." + (i % 250 + 1), null, true))
                .toList();
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void aClusterIpServiceIsItsClusterIp(boolean tcp) throws Exception {
        Message answer = ask(address, tcp, "web.default.svc.cluster.local.", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(records(answer, Section.ANSWER)).containsExactly("web.default.svc.cluster.local. A 10.96.0.10");
        assertThat(answer.getSection(Section.ANSWER).getFirst().getTTL()).isEqualTo(5);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void aHeadlessServiceIsItsReadyEndpointsOnceEach(boolean tcp) throws Exception {
        Message answer = ask(address, tcp, "db.default.svc.cluster.local.", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(answer)).containsExactlyInAnyOrder("10.244.0.5", "10.244.0.6");
    }

    @Test
    void aHeadlessServiceThatPublishesNotReadyAddressesHasThemAll() throws Exception {
        assertThat(answers(ask(address, false, "peers.default.svc.cluster.local.", Type.A)))
                .containsExactlyInAnyOrder("10.244.1.1", "10.244.1.2");
    }

    @Test
    void aHeadlessServiceWithoutReadyEndpointsDoesNotExist() throws Exception {
        Message answer = ask(address, false, "empty.default.svc.cluster.local.", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void anEndpointIsReachableByItsHostnameOrElseItsDashedIp(boolean tcp) throws Exception {
        assertThat(answers(ask(address, tcp, "db-1.db.default.svc.cluster.local.", Type.A)))
                .containsExactly("10.244.0.6");
        assertThat(answers(ask(address, tcp, "10-244-1-2.peers.default.svc.cluster.local.", Type.A)))
                .containsExactly("10.244.1.2");
        assertThat(ask(address, tcp, "db-2.db.default.svc.cluster.local.", Type.A).getRcode())
                .as("not ready").isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void anExternalNameServiceIsAnAlias() throws Exception {
        Message cname = ask(address, false, "search.default.svc.cluster.local.", Type.CNAME);
        assertThat(records(cname, Section.ANSWER))
                .containsExactly("search.default.svc.cluster.local. CNAME www.example.com.");

        // no upstream to follow it with: the alias alone, which a client can follow itself
        Message a = ask(address, false, "search.default.svc.cluster.local.", Type.A);
        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(records(a, Section.ANSWER))
                .containsExactly("search.default.svc.cluster.local. CNAME www.example.com.");
    }

    @Test
    void anExternalNameInsideTheClusterIsFollowedHere() throws Exception {
        Message answer = ask(address, false, "web.other.svc.cluster.local.", Type.A);

        assertThat(records(answer, Section.ANSWER)).containsExactly(
                "web.other.svc.cluster.local. CNAME web.default.svc.cluster.local.",
                "web.default.svc.cluster.local. A 10.96.0.10");
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void aClusterIpServicesNamedPortHasOneSrvRecordWithTheAddressAlongside(boolean tcp) throws Exception {
        Message answer = ask(address, tcp, "_http._tcp.web.default.svc.cluster.local.", Type.SRV);

        assertThat(records(answer, Section.ANSWER))
                .containsExactly("_http._tcp.web.default.svc.cluster.local. SRV 0 100 80 web.default.svc.cluster.local.");
        assertThat(records(answer, Section.ADDITIONAL)).contains("web.default.svc.cluster.local. A 10.96.0.10");
        assertThat(answers(ask(address, tcp, "_dns._udp.web.default.svc.cluster.local.", Type.SRV)))
                .containsExactly("0 100 53 web.default.svc.cluster.local.");
        assertThat(ask(address, tcp, "_dns._tcp.web.default.svc.cluster.local.", Type.SRV).getRcode())
                .as("wrong protocol").isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aHeadlessServicesNamedPortHasAnSrvRecordPerEndpointWithItsTargetPort() throws Exception {
        Message answer = ask(address, false, "_pg._tcp.db.default.svc.cluster.local.", Type.SRV);

        assertThat(answers(answer)).containsExactlyInAnyOrder(
                "0 100 15432 db-0.db.default.svc.cluster.local.", "0 100 15432 db-1.db.default.svc.cluster.local.");
        assertThat(records(answer, Section.ADDITIONAL)).contains(
                "db-0.db.default.svc.cluster.local. A 10.244.0.5", "db-1.db.default.svc.cluster.local. A 10.244.0.6");
        assertThat(answers(ask(address, false, "_gossip._udp.peers.default.svc.cluster.local.", Type.SRV)))
                .containsExactlyInAnyOrder("0 100 7946 10-244-1-1.peers.default.svc.cluster.local.",
                        "0 100 7946 10-244-1-2.peers.default.svc.cluster.local.");
    }

    @Test
    void aPodNameIsItsDashedAddress() throws Exception {
        assertThat(answers(ask(address, false, "10-244-3-7.default.pod.cluster.local.", Type.A)))
                .containsExactly("10.244.3.7");
        assertThat(answers(ask(address, false, "fd00--7.kube-system.pod.cluster.local.", Type.AAAA)))
                .containsExactly("fd00:0:0:0:0:0:0:7");
        assertThat(ask(address, false, "10-244-3-700.default.pod.cluster.local.", Type.A).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nope.default.svc.cluster.local.", "nope.svc.cluster.local.", "www.cluster.local.",
            "a.b.c.d.e.svc.cluster.local.", "_http._tcp.search.default.svc.cluster.local."})
    void aNameThatDoesNotExistIsNxdomainWithTheSoa(String name) throws Exception {
        Message answer = ask(address, false, name, Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOfSatisfying(SOARecord.class,
                soa -> {
                    assertThat(soa.getName()).hasToString("cluster.local.");
                    assertThat(soa.getMinimum()).isEqualTo(5);
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"web.default.svc.cluster.local.", "default.svc.cluster.local.", "svc.cluster.local.",
            "_tcp.web.default.svc.cluster.local.", "10-244-3-7.default.pod.cluster.local.", "cluster.local."})
    void aNameWithoutDataOfTheTypeIsNodata(String name) throws Exception {
        Message answer = ask(address, false, name, Type.AAAA);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void namesAreMatchedWithoutCaseAndAnsweredAsAsked() throws Exception {
        Message answer = ask(address, false, "WeB.DeFault.SVC.Cluster.LOCAL.", Type.A);

        assertThat(records(answer, Section.ANSWER)).containsExactly("WeB.DeFault.SVC.Cluster.LOCAL. A 10.96.0.10");
        assertThat(answers(ask(address, true, "DB-0.Db.default.svc.CLUSTER.local.", Type.A)))
                .containsExactly("10.244.0.5");
    }

    @Test
    void theZoneHasItsSoaAndSchemaVersion() throws Exception {
        assertThat(ask(address, false, "cluster.local.", Type.SOA).getSection(Section.ANSWER))
                .singleElement().isInstanceOf(SOARecord.class);
        assertThat(answers(ask(address, false, "dns-version.cluster.local.", Type.TXT))).containsExactly("\"1.1.0\"");
    }

    @Test
    void clusterAddressesHavePtrRecords() throws Exception {
        assertThat(answers(ask(address, false, "10.0.96.10.in-addr.arpa.", Type.PTR)))
                .containsExactly("web.default.svc.cluster.local.");
        assertThat(answers(ask(address, false, "6.0.244.10.in-addr.arpa.", Type.PTR)))
                .containsExactly("db-1.db.default.svc.cluster.local.");
    }

    @Test
    void aLargeUdpAnswerIsTruncatedAndTheClientGetsItAllOverTcp() throws Exception {
        String name = "big.default.svc.cluster.local.";
        Message truncated = ask(address, name, Type.A, resolver -> resolver.setIgnoreTruncation(true));
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(truncated.numBytes()).isLessThanOrEqualTo(Transport.MAX_UDP_SIZE);

        Message classic = ask(address, name, Type.A, resolver -> {
            resolver.setIgnoreTruncation(true);
            resolver.setEDNS(-1, 0, 0, List.of());
        });
        assertThat(classic.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(classic.numBytes()).isLessThanOrEqualTo(512);

        Message retried = ask(address, false, name, Type.A); // the resolver retries over TCP on TC
        assertThat(retried.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answers(retried)).hasSize(BIG);
    }

    @Test
    void aNameOutsideTheClusterIsRefusedWithoutUpstreams() throws Exception {
        assertThat(ask(address, false, "example.com.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void garbageDoesNotStopTheServer() throws Exception {
        byte[] junk = new byte[300];
        new Random(7).nextBytes(junk);
        Message response = Message.newQuery(Record.newRecord(Name.fromString("web.default.svc.cluster.local."),
                Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(300);
            send(socket, response.toWire());
            assertThat(receive(socket)).as("a response is not answered").isNull();
            for (byte[] packet : List.of(junk, new byte[] {1, 2, 3}, new byte[0])) {
                send(socket, packet);
            }
            for (Message reply = receive(socket); reply != null; reply = receive(socket)) {
                // random bytes can pass for a message with an odd opcode or counts: such get an error, nothing else
                assertThat(reply.getRcode()).as("whatever is answered").isIn(Rcode.FORMERR, Rcode.NOTIMP);
            }
        }
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(3);
            out.write(new byte[] {1, 2, 3});
            out.flush();
            assertThat(new DataInputStream(socket.getInputStream()).read()).as("the connection is closed").isEqualTo(-1);
        }

        assertThat(answers(ask(address, false, "web.default.svc.cluster.local.", Type.A))).containsExactly("10.96.0.10");
        assertThat(answers(ask(address, true, "web.default.svc.cluster.local.", Type.A))).containsExactly("10.96.0.10");
    }

    private void send(DatagramSocket socket, byte[] packet) throws Exception {
        socket.send(new DatagramPacket(packet, packet.length, address));
    }

    /** The next datagram as a message, or null when none comes within the socket's timeout. */
    private static Message receive(DatagramSocket socket) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[Message.MAXLENGTH], Message.MAXLENGTH);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
    }

    @Test
    void closeReleasesBothSockets() throws Exception {
        server.close();

        InetAddress loopback = address.getAddress();
        List<AutoCloseable> rebound = new ArrayList<>();
        try {
            rebound.add(new DatagramSocket(address));
            ServerSocket tcp = new ServerSocket();
            rebound.add(tcp);
            tcp.bind(new InetSocketAddress(loopback, address.getPort()));
        } finally {
            for (AutoCloseable socket : rebound) {
                socket.close();
            }
        }
        assertThat(rebound).hasSize(2);
    }
}
