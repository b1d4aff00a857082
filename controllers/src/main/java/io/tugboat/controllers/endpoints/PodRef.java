package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;

/** The pod behind an endpoint, as an endpoint's targetRef names it. */
public record PodRef(String namespace, String name, String uid) {

    static PodRef of(Pod pod) {
        return new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
    }

    /** The targetRef kube writes: kind, namespace, name and uid, no resourceVersion (pod updates must not churn endpoints). */
    ObjectReference toReference() {
        return new ObjectReferenceBuilder().withKind("Pod").withNamespace(namespace).withName(name).withUid(uid).build();
    }

    /** The pod a targetRef names, or null when it names something else. */
    static PodRef from(ObjectReference ref) {
        if (ref == null || !"Pod".equals(ref.getKind())) {
            return null;
        }
        return new PodRef(ref.getNamespace(), ref.getName(), ref.getUid());
    }
}
