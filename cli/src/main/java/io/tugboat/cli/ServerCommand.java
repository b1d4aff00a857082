package io.tugboat.cli;

import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tug server}: the control plane alone, on the embedded store or on an etcd cluster. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the control plane (API server) in the foreground.")
final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Mixin
    ServerOptions options = new ServerOptions();

    @Option(names = "--datastore", description = "sqlite:///path/state.db (default: DATA/state.db) or etcd://host:2379[,host:2379...]")
    String datastore;

    @Override
    public Integer call() throws Exception {
        return RunUntilStopped.run(options, DataStoreSpec.parse(datastore, options.dataDir), null, LOG);
    }
}
