package io.tugboat.runtime.process;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signals whole process groups through kill(1): the JDK's ProcessHandle can signal one process only. */
final class ProcessGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);

    private final String kill = HostCommand.find("kill");

    /** Sends {@code signal} to every process in group {@code pgid}; false when no process was left to signal. */
    boolean signal(long pgid, int signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        try {
            HostCommand.Result r = HostCommand.run(List.of(kill, "-s", Integer.toString(signal), "--", "-" + pgid));
            return r.ok();
        } catch (IOException e) {
            LOG.warn("kill -{} -{} failed: {}", signal, pgid, e.toString());
            return false;
        }
    }
}
