package io.tugboat.cli;

import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tug up}: a one-node cluster in the foreground, on the embedded store, until SIGTERM or Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run a one-node cluster in the foreground: control plane on an embedded store, and a node agent.")
final class UpCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);

    @Mixin
    ServerOptions options = new ServerOptions();

    @Mixin
    AgentOptions agent = new AgentOptions();

    @Override
    public Integer call() throws Exception {
        return RunUntilStopped.run(options, DataStoreSpec.parse(null, options.dataDir), agent, LOG);
    }
}
