package io.tugboat.cli;

import io.tugboat.client.ClusterAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tug agent}: a node joining a cluster that runs elsewhere, until SIGTERM or Ctrl-C. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Join a cluster as a node: run the pods the scheduler binds to this machine.")
final class AgentCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

    @Option(names = "--server", required = true, description = "The API server, e.g. https://10.0.0.1:6443.")
    String server;

    @Option(names = "--token-file", required = true, description = "The cluster's node token (DATA/node-token on the server).")
    Path tokenFile;

    @Option(names = "--ca-file", required = true, description = "The cluster CA certificate (DATA/pki/ca.crt on the server).")
    Path caFile;

    @Option(names = "--data-dir", description = "Where this agent keeps pods, logs and volumes (default: ~/.tugboat-agent).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".tugboat-agent");

    @Mixin
    AgentOptions agent = new AgentOptions();

    @Override
    public Integer call() throws Exception {
        for (Path file : new Path[] {tokenFile, caFile}) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file);
            }
        }
        ClusterAccess access = ClusterAccess.fromFiles(server, tokenFile, caFile);
        NodeRole node = NodeRole.start(agent, dataDir.toAbsolutePath(), access);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            try {
                node.close();
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
        System.out.println("Tugboat agent is up: node joined " + server);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
