package io.tugboat.apiserver.streams;

import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import java.util.List;

/** The options of a pods/exec or pods/attach request (Kubernetes' PodExecOptions / PodAttachOptions). */
record ExecRequest(String container, List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {

    ExecRequest {
        command = List.copyOf(command);
    }

    static ExecRequest parse(HttpExchange ex) {
        ExecRequest r = new ExecRequest(ex.query("container"), ex.queryAll("command"), QueryValues.bool(ex, "stdin"),
                QueryValues.bool(ex, "stdout"), QueryValues.bool(ex, "stderr"), QueryValues.bool(ex, "tty"));
        if (!r.stdin && !r.stdout && !r.stderr) {
            throw StatusException.badRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        if (r.command.isEmpty()) {
            throw StatusException.badRequest("you must specify at least one command for the container");
        }
        return r;
    }

    /** The query for the agent's /exec endpoint (the container is in its path). */
    String agentQuery() {
        StringBuilder q = new StringBuilder();
        for (String arg : command) {
            q.append("command=").append(QueryValues.encode(arg)).append('&');
        }
        q.append("stdin=").append(stdin).append("&stdout=").append(stdout).append("&stderr=").append(stderr)
                .append("&tty=").append(tty);
        return q.toString();
    }
}
