package io.tugboat.api.patch;

import java.time.Instant;
import java.util.Objects;

/**
 * Who applies, and how: the {@code fieldManager} and {@code force} query parameters of an apply request, the
 * subresource it targets ({@code ""} for the main resource) and the time to record.
 */
public record ApplyOptions(String manager, boolean force, String subresource, Instant now) {

    public ApplyOptions {
        subresource = subresource == null ? "" : subresource;
        Objects.requireNonNull(now, "now");
    }

    public static ApplyOptions of(String manager, boolean force, Instant now) {
        return new ApplyOptions(manager, force, "", now);
    }
}
