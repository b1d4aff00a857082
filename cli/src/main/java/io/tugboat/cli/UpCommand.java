package io.tugboat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tug up}: a one-node cluster in the foreground, on the embedded store, until SIGTERM or Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run a one-node cluster in the foreground (control plane on an embedded store).")
final class UpCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);

    @Option(names = "--data-dir", description = "Where state, certificates and the kubeconfig live (default: ~/.tugboat).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".tugboat");

    @Option(names = "--port", description = "HTTPS port of the API server (default: 6443).")
    int port = 6443;

    @Option(names = "--bind-address", description = "Address the API server listens on (default: 0.0.0.0).")
    String bindAddress = "0.0.0.0";

    @Override
    public Integer call() throws Exception {
        return RunUntilStopped.run(dataDir, bindAddress, port, DataStoreSpec.parse(null, dataDir), LOG);
    }
}
