package io.tugboat.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The templates of recent revisions, by set uid and revision. The API server does not serve
 * ControllerRevisions, so a revision is a hash of the template, and the template of an older revision
 * (needed to recreate a pod below the partition at the current revision) is only known if this process saw
 * it. After a restart an unknown current revision falls back to the update revision's template.
 */
final class RevisionTemplates {

    private static final int KEEP = 10;

    private final Map<String, Map<String, PodTemplateSpec>> byUid = new ConcurrentHashMap<>();

    void remember(String uid, String revision, PodTemplateSpec template) {
        byUid.compute(uid, (k, revisions) -> {
            Map<String, PodTemplateSpec> kept = revisions == null ? new LinkedHashMap<>() : new LinkedHashMap<>(revisions);
            kept.remove(revision);
            kept.put(revision, template);
            while (kept.size() > KEEP) {
                kept.remove(kept.keySet().iterator().next());
            }
            return kept;
        });
    }

    Optional<PodTemplateSpec> find(String uid, String revision) {
        Map<String, PodTemplateSpec> revisions = byUid.get(uid);
        return Optional.ofNullable(revisions == null ? null : revisions.get(revision));
    }

    void forget(String uid) {
        byUid.remove(uid);
    }
}
