package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import io.tugboat.api.patch.ApplyConflictException;
import io.tugboat.api.patch.ApplyOptions;
import io.tugboat.api.patch.PatchException;
import io.tugboat.api.patch.ServerSideApply;
import io.tugboat.api.patch.UpdateOptions;
import io.tugboat.apiserver.http.HttpExchange;
import java.time.Clock;

/**
 * Field ownership at the HTTP edge: who the writer is (the fieldManager parameter, else the user agent as
 * Kubernetes does) and the calls into server-side apply, with its failures turned into Status answers.
 */
final class ManagedFields {

    private final ServerSideApply ssa = ServerSideApply.builtIn();
    private final Clock clock;

    ManagedFields(Clock clock) {
        this.clock = clock;
    }

    /** {@code next} with managedFields updated for an ordinary write; {@code current} is null on create. */
    ObjectNode recordUpdate(HttpExchange ex, ResourceType type, ObjectNode current, ObjectNode next, String subresource) {
        try {
            return ssa.recordUpdate(PatchTypes.kindKey(type), current, next,
                    new UpdateOptions(manager(ex), subresource, clock.instant()));
        } catch (PatchException e) {
            throw e.toStatus();
        }
    }

    ObjectNode apply(ResourceType type, ObjectNode current, ObjectNode applied, String manager, boolean force, String subresource) {
        try {
            return ssa.apply(PatchTypes.kindKey(type), current, applied, new ApplyOptions(manager, force, subresource, clock.instant()));
        } catch (ApplyConflictException e) {
            throw e.toStatus();
        } catch (PatchException e) {
            throw e.toStatus();
        }
    }

    static String manager(HttpExchange ex) {
        String manager = ex.query("fieldManager");
        if (manager != null && !manager.isEmpty()) {
            return manager;
        }
        String agent = ex.header("User-Agent");
        if (agent == null || agent.isBlank()) {
            return "unknown";
        }
        int slash = agent.indexOf('/');
        return slash > 0 ? agent.substring(0, slash) : agent;
    }
}
