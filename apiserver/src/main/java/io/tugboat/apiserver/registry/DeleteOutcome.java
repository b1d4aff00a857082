package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The result of a delete: the object as last seen, and whether it is gone or only marked for deletion. */
public record DeleteOutcome(ObjectNode object, boolean gone) {
}
