package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;

/**
 * Kind-specific work that must happen with a write, as Kubernetes' REST storage strategies do it: claiming
 * a Service's cluster IP and node ports before it is stored and giving them back when it goes. Called with
 * objects that have been defaulted and validated.
 */
public interface StorageHooks {

    /** What a create or update turned into, with the claims it made pending until the write lands or fails. */
    record Admitted(ObjectNode object, Runnable commit, Runnable rollback) {
        public static Admitted unchanged(ObjectNode object) {
            return new Admitted(object, () -> { }, () -> { });
        }
    }

    Admitted beforeCreate(ResourceType type, ObjectNode object, boolean dryRun);

    Admitted beforeUpdate(ResourceType type, ObjectNode current, ObjectNode next, boolean dryRun);

    /** The object has left the store. */
    void afterDelete(ResourceType type, ObjectNode removed);

    StorageHooks NONE = new StorageHooks() {
        @Override
        public Admitted beforeCreate(ResourceType type, ObjectNode object, boolean dryRun) {
            return Admitted.unchanged(object);
        }

        @Override
        public Admitted beforeUpdate(ResourceType type, ObjectNode current, ObjectNode next, boolean dryRun) {
            return Admitted.unchanged(next);
        }

        @Override
        public void afterDelete(ResourceType type, ObjectNode removed) {
        }
    };
}
