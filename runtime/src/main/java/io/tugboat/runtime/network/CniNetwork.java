package io.tugboat.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.runtime.process.HostCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's network namespace, wired with the standard CNI plugins invoked directly (no CNI runtime library:
 * the protocol is environment variables, a config on stdin and a result on stdout): loopback brings up lo,
 * bridge adds a veth pair onto the node's bridge, host-local hands out an address from the node's /24 and
 * keeps its leases under the runtime's state directory.
 */
public final class CniNetwork {

    /** What ADD made. */
    public record Attachment(String ip, String resultJson) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CniNetwork.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NETNS_DIR = Path.of("/run/netns");

    private final Path cniBinDir;
    private final String bridgeConfig;
    private final String loopbackConfig;
    private final String ip = HostCommand.find("ip");

    public CniNetwork(Path cniBinDir, String bridgeName, String podCidr, Path ipamDataDir) {
        this.cniBinDir = cniBinDir;
        ObjectNode bridge = JSON.createObjectNode();
        bridge.put("cniVersion", "1.0.0").put("name", "tugboat").put("type", "bridge").put("bridge", bridgeName)
                .put("isGateway", true).put("ipMasq", false).put("hairpinMode", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local").put("dataDir", ipamDataDir.toString());
        ipam.putArray("ranges").addArray().addObject().put("subnet", podCidr);
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        this.bridgeConfig = bridge.toString();
        this.loopbackConfig = JSON.createObjectNode().put("cniVersion", "1.0.0").put("name", "tugboat-lo")
                .put("type", "loopback").toString();
    }

    public static Path netnsPath(String name) {
        return NETNS_DIR.resolve(name);
    }

    /** Creates the namespace {@code netns} and attaches it; returns the pod IP. */
    public Attachment add(String netns, String containerId) throws IOException {
        if (!Files.exists(netnsPath(netns))) {
            HostCommand.Result r = HostCommand.run(List.of(ip, "netns", "add", netns));
            if (!r.ok() && !Files.exists(netnsPath(netns))) {
                throw new IOException("ip netns add " + netns + ": " + r.message());
            }
        }
        plugin("ADD", "loopback", loopbackConfig, netns, containerId, "lo");
        String result = plugin("ADD", "bridge", bridgeConfig, netns, containerId, "eth0");
        return new Attachment(parseIp(result), result);
    }

    /** Detaches (releasing the address) and deletes the namespace; every step tolerates what is already gone. */
    public void delete(String netns, String containerId) throws IOException {
        IOException failure = null;
        try {
            plugin("DEL", "bridge", bridgeConfig, netns, containerId, "eth0");
        } catch (IOException e) {
            failure = e;
        }
        try {
            plugin("DEL", "loopback", loopbackConfig, netns, containerId, "lo");
        } catch (IOException e) {
            LOG.debug("loopback DEL for {}: {}", netns, e.toString());
        }
        if (Files.exists(netnsPath(netns))) {
            HostCommand.Result r = HostCommand.run(List.of(ip, "netns", "delete", netns));
            if (!r.ok() && Files.exists(netnsPath(netns))) {
                IOException e = new IOException("ip netns delete " + netns + ": " + r.message());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private String plugin(String command, String type, String config, String netns, String containerId, String ifName)
            throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        // DEL after the namespace is gone must still release the address: CNI allows an empty CNI_NETNS then.
        env.put("CNI_NETNS", Files.exists(netnsPath(netns)) ? netnsPath(netns).toString() : "");
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_PATH", cniBinDir.toString());
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        HostCommand.Result r = HostCommand.run(List.of(cniBinDir.resolve(type).toString()), env,
                config.getBytes(StandardCharsets.UTF_8));
        if (!r.ok()) {
            throw new IOException("CNI " + type + " " + command + " failed: " + cniError(r));
        }
        return r.stdout();
    }

    /** CNI plugins report errors as JSON on stdout ({"code":..,"msg":..,"details":..}). */
    private static String cniError(HostCommand.Result r) {
        try {
            JsonNode error = JSON.readTree(r.stdout());
            if (error != null && error.has("msg")) {
                String details = error.path("details").asText("");
                return error.get("msg").asText() + (details.isEmpty() ? "" : ": " + details);
            }
        } catch (IOException ignored) {
            // not JSON: fall back to the raw text
        }
        return r.message();
    }

    static String parseIp(String resultJson) throws IOException {
        JsonNode result = JSON.readTree(resultJson);
        for (JsonNode ipNode : result.path("ips")) {
            String address = ipNode.path("address").asText("");
            if (!address.isEmpty() && !address.contains(":")) {
                return address.substring(0, address.indexOf('/') < 0 ? address.length() : address.indexOf('/'));
            }
        }
        throw new IOException("CNI bridge result has no IPv4 address: " + resultJson);
    }
}
