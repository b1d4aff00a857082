package io.tugboat.apiserver.registry;

/**
 * The options of a delete: how dependents are treated, the grace period (null = the object's own), and
 * preconditions on uid and resourceVersion (null = none).
 */
public record DeleteOptions(String propagationPolicy, Long gracePeriodSeconds, String preconditionUid,
        String preconditionResourceVersion, boolean dryRun) {
    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null, false);
}
