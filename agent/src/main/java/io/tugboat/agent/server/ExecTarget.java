package io.tugboat.agent.server;

/** The container an exec runs in, and which of its output streams the client asked for. */
record ExecTarget(String namespace, String pod, String container, boolean stdout, boolean stderr) {
}
