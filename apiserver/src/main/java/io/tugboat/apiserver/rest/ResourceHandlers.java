package io.tugboat.apiserver.rest;

import io.tugboat.api.ResourceTypes;
import io.tugboat.apiserver.openapi.FieldValidator;
import io.tugboat.apiserver.protobuf.ProtobufDecoder;
import io.tugboat.apiserver.registry.ObjectRegistry;
import io.tugboat.apiserver.streams.AgentConnector;
import io.tugboat.apiserver.streams.PodStreamHandlers;
import io.tugboat.apiserver.tables.TablePrinter;
import java.time.Clock;

/** Wires the REST handlers together. */
public final class ResourceHandlers {

    private ResourceHandlers() {
    }

    public static ResourceHandler create(ObjectRegistry registry, ResourceTypes types, FieldValidator validator, Clock clock,
            AgentConnector agents) {
        Renderer renderer = new Renderer(new TablePrinter(), clock);
        NamespaceLifecycle namespaces = new NamespaceLifecycle(registry, types);
        FieldValidation fieldValidation = new FieldValidation(validator);
        ManagedFields managedFields = new ManagedFields(clock);
        PatchHandler patches = new PatchHandler(registry, namespaces, fieldValidation, managedFields, new PatchTypes());
        ProtobufDecoder protobuf = new ProtobufDecoder();
        ScaleHandler scale = new ScaleHandler(registry, patches, protobuf);
        BindingHandler binding = new BindingHandler(registry, protobuf, clock);
        PodStreamHandlers podStreams = new PodStreamHandlers(registry, types, agents);
        EvictionHandler eviction = new EvictionHandler(registry, types, protobuf);
        PriorityAdmission priorities = new PriorityAdmission(registry, types);
        return new ResourceHandler(registry, renderer, namespaces, fieldValidation, patches, scale, managedFields, protobuf,
                binding, podStreams, eviction, priorities);
    }
}
