package io.tugboat.api.patch;

import java.time.Instant;
import java.util.Objects;

/**
 * Who wrote an ordinary create, update or patch: the {@code fieldManager} (Kubernetes falls back to the user agent
 * when it is absent), the subresource written ({@code ""} for the main resource) and the time to record.
 */
public record UpdateOptions(String manager, String subresource, Instant now) {

    public UpdateOptions {
        Objects.requireNonNull(manager, "manager");
        subresource = subresource == null ? "" : subresource;
        Objects.requireNonNull(now, "now");
    }

    public static UpdateOptions of(String manager, Instant now) {
        return new UpdateOptions(manager, "", now);
    }
}
