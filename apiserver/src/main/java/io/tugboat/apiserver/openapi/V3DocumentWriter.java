package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one OpenAPI 3.0 document in the layout of Kubernetes' {@code /openapi/v3/<group-version>}:
 * paths with {@code x-kubernetes-action} and {@code x-kubernetes-group-version-kind} on every operation,
 * and the schemas those operations reach under {@code components.schemas}.
 */
final class V3DocumentWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaCatalog catalog;
    private final SchemaWriter schemas = new SchemaWriter(SchemaWriter.Dialect.V3);

    V3DocumentWriter(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    ObjectNode write(List<PathItem> paths) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "unversioned");
        ObjectNode pathsNode = doc.putObject("paths");
        List<String> used = new ArrayList<>();
        for (PathItem path : paths) {
            ObjectNode item = pathsNode.putObject(path.path());
            for (Operation op : path.operations()) {
                item.set(op.method(), operation(op));
                op.request().ifPresent(body -> used.add(body.definition()));
                op.responses().values().stream().filter(d -> !d.isEmpty()).forEach(used::add);
            }
            if (!path.parameters().isEmpty()) {
                ArrayNode params = item.putArray("parameters");
                path.parameters().forEach(p -> params.add(parameter(p)));
            }
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode schemaNodes = components.putObject("schemas");
        for (String name : catalog.reachableFrom(used)) {
            schemaNodes.set(name, schemas.definition(catalog.definition(name).orElseThrow()));
        }
        components.putObject("securitySchemes").putObject("BearerToken")
                .put("type", "apiKey").put("description", "Bearer Token authentication")
                .put("name", "authorization").put("in", "header");
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    private ObjectNode operation(Operation op) {
        ObjectNode node = NODES.objectNode();
        node.putArray("tags").add(op.tag());
        node.put("description", op.description());
        node.put("operationId", op.operationId());
        if (!op.parameters().isEmpty()) {
            ArrayNode params = node.putArray("parameters");
            op.parameters().forEach(p -> params.add(parameter(p)));
        }
        op.request().ifPresent(body -> {
            ObjectNode requestBody = node.putObject("requestBody");
            ObjectNode content = requestBody.putObject("content");
            body.contentTypes().forEach(type -> content.putObject(type).set("schema", schemas.ref(body.definition())));
            requestBody.put("required", true);
        });
        ObjectNode responses = node.putObject("responses");
        for (Map.Entry<String, String> r : new TreeMap<>(op.responses()).entrySet()) {
            ObjectNode response = responses.putObject(r.getKey()).put("description", Responses.description(r.getKey()));
            if (!r.getValue().isEmpty()) {
                response.putObject("content").putObject("application/json").set("schema", schemas.ref(r.getValue()));
            }
        }
        responses.putObject("401").put("description", Responses.description("401"));
        if (!op.action().isEmpty()) {
            node.put("x-kubernetes-action", op.action());
        }
        op.kind().ifPresent(k -> node.set(SchemaWriter.GVK_EXTENSION, SchemaWriter.kind(k)));
        return node;
    }

    private static ObjectNode parameter(Parameter p) {
        ObjectNode node = NODES.objectNode();
        node.put("name", p.name());
        node.put("in", p.in());
        node.put("description", p.description());
        if (p.required()) {
            node.put("required", true);
        }
        node.putObject("schema").put("type", p.type()).put("uniqueItems", true);
        return node;
    }
}
