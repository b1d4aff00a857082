package io.tugboat.apiserver.openapi;

import java.util.List;

/** The query parameters Kubernetes documents per action, with the descriptions clients show. */
final class QueryParameters {

    static final Parameter PRETTY = Parameter.query("pretty", "string",
            "If 'true', then the output is pretty printed.");

    private static final Parameter ALLOW_WATCH_BOOKMARKS = Parameter.query("allowWatchBookmarks", "boolean",
            "allowWatchBookmarks requests watch events with type \"BOOKMARK\".");
    private static final Parameter CONTINUE = Parameter.query("continue", "string",
            "The continue option should be set when retrieving more results from the server.");
    private static final Parameter FIELD_SELECTOR = Parameter.query("fieldSelector", "string",
            "A selector to restrict the list of returned objects by their fields. Defaults to everything.");
    private static final Parameter LABEL_SELECTOR = Parameter.query("labelSelector", "string",
            "A selector to restrict the list of returned objects by their labels. Defaults to everything.");
    private static final Parameter LIMIT = Parameter.query("limit", "integer",
            "limit is a maximum number of responses to return for a list call.");
    private static final Parameter RESOURCE_VERSION = Parameter.query("resourceVersion", "string",
            "resourceVersion sets a constraint on what resource versions a request may be served from.");
    private static final Parameter RESOURCE_VERSION_MATCH = Parameter.query("resourceVersionMatch", "string",
            "resourceVersionMatch determines how resourceVersion is applied to list calls.");
    private static final Parameter SEND_INITIAL_EVENTS = Parameter.query("sendInitialEvents", "boolean",
            "`sendInitialEvents=true` may be set together with `watch=true`.");
    private static final Parameter TIMEOUT_SECONDS = Parameter.query("timeoutSeconds", "integer",
            "Timeout for the list/watch call.");
    private static final Parameter WATCH = Parameter.query("watch", "boolean",
            "Watch for changes to the described resources and return them as a stream of add, update, and remove"
                    + " notifications. Specify resourceVersion.");
    private static final Parameter DRY_RUN = Parameter.query("dryRun", "string",
            "When present, indicates that modifications should not be persisted. Valid values are: All.");
    private static final Parameter FIELD_MANAGER = Parameter.query("fieldManager", "string",
            "fieldManager is a name associated with the actor or entity that is making these changes.");
    /** The parameter kubectl looks for before it leaves field validation to the server. */
    private static final Parameter FIELD_VALIDATION = Parameter.query("fieldValidation", "string",
            "fieldValidation instructs the server on how to handle objects in the request containing unknown or"
                    + " duplicate fields. Valid values are: - Ignore: silently drops unknown fields; - Warn: sends"
                    + " a warning for each unknown field; - Strict: fails the request on unknown fields.");
    private static final Parameter FORCE = Parameter.query("force", "boolean",
            "Force is going to \"force\" Apply requests: re-acquire fields owned by other people.");
    private static final Parameter GRACE_PERIOD_SECONDS = Parameter.query("gracePeriodSeconds", "integer",
            "The duration in seconds before the object should be deleted.");
    private static final Parameter ORPHAN_DEPENDENTS = Parameter.query("orphanDependents", "boolean",
            "Deprecated: please use the PropagationPolicy.");
    private static final Parameter PROPAGATION_POLICY = Parameter.query("propagationPolicy", "string",
            "Whether and how garbage collection will be performed: Orphan, Background or Foreground.");

    static final List<Parameter> LIST = List.of(ALLOW_WATCH_BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR,
            LIMIT, RESOURCE_VERSION, RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS, WATCH);
    static final List<Parameter> CREATE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
    static final List<Parameter> REPLACE = CREATE;
    static final List<Parameter> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
    static final List<Parameter> DELETE = List.of(DRY_RUN, GRACE_PERIOD_SECONDS, ORPHAN_DEPENDENTS,
            PROPAGATION_POLICY);
    static final List<Parameter> DELETE_COLLECTION = List.of(CONTINUE, DRY_RUN, FIELD_SELECTOR,
            GRACE_PERIOD_SECONDS, LABEL_SELECTOR, LIMIT, ORPHAN_DEPENDENTS, PROPAGATION_POLICY, RESOURCE_VERSION,
            RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS);

    private QueryParameters() {
    }
}
