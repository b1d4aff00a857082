package io.tugboat.controllers.cronjob;

/** spec.concurrencyPolicy: what to do at a due time while earlier jobs of the CronJob still run. */
enum Concurrency {
    /** Start the new job beside the running ones. */
    START,
    /** Forbid: leave this time unrun while a job is active; it may still start later, within its deadline. */
    SKIP,
    /** Replace: delete the active jobs, then start the new one. */
    REPLACE_ACTIVE;

    /** The decision for {@code policy} (Allow, Forbid or Replace; anything else counts as the default, Allow). */
    static Concurrency decide(String policy, int activeJobs) {
        if (activeJobs == 0) {
            return START;
        }
        return switch (policy == null ? "Allow" : policy) {
            case "Forbid" -> SKIP;
            case "Replace" -> REPLACE_ACTIVE;
            default -> START;
        };
    }
}
