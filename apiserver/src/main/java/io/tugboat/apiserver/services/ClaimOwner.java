package io.tugboat.apiserver.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.apiserver.registry.Meta;

/** The Service a cluster IP or node port belongs to; its uid tells a deleted-and-recreated Service apart. */
public record ClaimOwner(String namespace, String name, String uid) {

    public static ClaimOwner of(ObjectNode service) {
        return new ClaimOwner(Meta.namespace(service), Meta.name(service), Meta.text(service, "uid"));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
