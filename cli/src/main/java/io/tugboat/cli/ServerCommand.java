package io.tugboat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tug server}: the control plane alone, on the embedded store or on an etcd cluster. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the control plane (API server) in the foreground.")
final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--data-dir", description = "Where certificates, tokens and the kubeconfig live (default: ~/.tugboat).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".tugboat");

    @Option(names = "--port", description = "HTTPS port of the API server (default: 6443).")
    int port = 6443;

    @Option(names = "--bind-address", description = "Address the API server listens on (default: 0.0.0.0).")
    String bindAddress = "0.0.0.0";

    @Option(names = "--datastore", description = "sqlite:///path/state.db (default) or etcd://host:2379[,host:2379...]")
    String datastore;

    @Override
    public Integer call() throws Exception {
        return RunUntilStopped.run(dataDir, bindAddress, port, DataStoreSpec.parse(datastore, dataDir), LOG);
    }
}
