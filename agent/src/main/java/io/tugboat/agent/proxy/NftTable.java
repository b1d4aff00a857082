package io.tugboat.agent.proxy;

import io.tugboat.runtime.process.HostCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The node's nftables table, changed only through whole scripts that the kernel applies atomically. */
final class NftTable {

    private final String nft = HostCommand.find("nft");
    private final String table;

    NftTable(String table) {
        this.table = table;
    }

    void apply(String script) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of(nft, "-f", "-"), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                script.getBytes(StandardCharsets.UTF_8));
        if (!r.ok()) {
            throw new IOException("nft rejected the rules for table " + table + ": " + r.message());
        }
    }

    /** Removes the table and with it every rule the node made; absent is fine. */
    void delete() throws IOException {
        apply("add table ip " + table + "\ndelete table ip " + table + "\n");
    }

    /** Whether the nft program is installed (Debian package nftables). */
    static boolean available() {
        return !HostCommand.find("nft").equals("nft");
    }
}
