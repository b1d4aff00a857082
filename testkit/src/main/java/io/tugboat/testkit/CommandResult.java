package io.tugboat.testkit;

/** What a finished command printed and how it exited. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Throws with everything the command said when it failed, so that a test failure explains itself. */
    public CommandResult assertOk() {
        if (exitCode != 0) {
            throw new AssertionError("command failed with exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
        }
        return this;
    }
}
