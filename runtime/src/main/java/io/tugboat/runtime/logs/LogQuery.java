package io.tugboat.runtime.logs;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A pods/log request against one container's log file: the same options kubectl sends.
 *
 * @param tailLines  only the last N lines
 * @param since      only lines written at or after this instant (sinceSeconds / sinceTime)
 * @param limitBytes stop after this many bytes of output
 */
public record LogQuery(boolean follow, OptionalLong tailLines, Optional<Instant> since, boolean timestamps,
                       OptionalLong limitBytes) {
    public static LogQuery all() {
        return new LogQuery(false, OptionalLong.empty(), Optional.empty(), false, OptionalLong.empty());
    }
}
