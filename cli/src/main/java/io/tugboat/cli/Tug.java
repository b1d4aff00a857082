package io.tugboat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tug} command: the cluster roles (up, server) and, later, the operator's verbs. */
@Command(name = "tug", mixinStandardHelpOptions = true, version = "tug 0.1.0",
        description = "Tugboat: a Kubernetes-compatible cluster with Juju's application model on top.",
        subcommands = {UpCommand.class, ServerCommand.class, AgentCommand.class})
public final class Tug implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Tug());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // one clear line, never a stack trace, for the operator
            commandLine.getErr().println("tug: " + CliErrors.describe(e));
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
