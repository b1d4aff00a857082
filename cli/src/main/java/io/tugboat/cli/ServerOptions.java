package io.tugboat.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every role that runs a control plane shares (up and server). */
final class ServerOptions {

    @Option(names = "--data-dir", description = "Where state, certificates, tokens and the kubeconfig live (default: ~/.tugboat).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".tugboat");

    @Option(names = "--port", description = "HTTPS port of the API server (default: 6443).")
    int port = 6443;

    @Option(names = "--bind-address", description = "Address the API server listens on (default: 0.0.0.0).")
    String bindAddress = "0.0.0.0";

    @Option(names = "--compaction-interval", converter = DurationConverter.class,
            description = "How much store history to keep for watches and paged lists, e.g. 5m, 30s (default: 5m).")
    Duration compactionInterval = Duration.ofMinutes(5);

    @Option(names = "--disable-controllers",
            description = "Run no controllers here (they run on another server, or are being tested on their own).")
    boolean disableControllers;
}
