package io.tugboat.apiserver.registry;

import io.tugboat.api.labels.FieldSelector;
import io.tugboat.api.labels.LabelSelector;

/** What a list request asks for: selectors, page size (0 = all), continue token, and an exact revision (0 = latest). */
public record ListOptions(LabelSelector labels, FieldSelector fields, int limit, String continueToken, long exactRevision) {
    public static final ListOptions ALL = new ListOptions(LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, 0, null, 0);

    /** No label or field selector: every object of the kind (and namespace) matches. */
    public boolean selectsEverything() {
        return labels.isEverything() && fields.isEverything();
    }
}
