package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes the Swagger 2.0 document of {@code /openapi/v2}: every path of every group-version and all definitions. */
final class V2DocumentWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaCatalog catalog;
    private final SchemaWriter schemas = new SchemaWriter(SchemaWriter.Dialect.V2);

    V2DocumentWriter(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    ObjectNode write(List<PathItem> paths, String serverVersion) {
        ObjectNode doc = NODES.objectNode();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", serverVersion);
        ObjectNode pathsNode = doc.putObject("paths");
        for (PathItem path : paths) {
            ObjectNode item = pathsNode.putObject(path.path());
            path.operations().forEach(op -> item.set(op.method(), operation(op)));
            if (!path.parameters().isEmpty()) {
                ArrayNode params = item.putArray("parameters");
                path.parameters().forEach(p -> params.add(parameter(p)));
            }
        }
        ObjectNode definitions = doc.putObject("definitions");
        catalog.definitions().forEach(d -> definitions.set(d.name(), schemas.definition(d)));
        doc.putObject("securityDefinitions").putObject("BearerToken")
                .put("description", "Bearer Token authentication").put("type", "apiKey")
                .put("name", "authorization").put("in", "header");
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    private ObjectNode operation(Operation op) {
        ObjectNode node = NODES.objectNode();
        node.put("description", op.description());
        op.request().ifPresent(body -> {
            ArrayNode consumes = node.putArray("consumes");
            body.contentTypes().forEach(consumes::add);
        });
        node.putArray("produces").add("application/json");
        node.putArray("schemes").add("https");
        node.putArray("tags").add(op.tag());
        node.put("operationId", op.operationId());
        if (op.request().isPresent() || !op.parameters().isEmpty()) {
            ArrayNode params = node.putArray("parameters");
            op.request().ifPresent(body -> params.addObject()
                    .put("name", "body").put("in", "body").put("required", true)
                    .set("schema", schemas.ref(body.definition())));
            op.parameters().forEach(p -> params.add(parameter(p)));
        }
        ObjectNode responses = node.putObject("responses");
        for (Map.Entry<String, String> r : new TreeMap<>(op.responses()).entrySet()) {
            ObjectNode response = responses.putObject(r.getKey()).put("description", Responses.description(r.getKey()));
            if (!r.getValue().isEmpty()) {
                response.set("schema", schemas.ref(r.getValue()));
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
        node.put("uniqueItems", true);
        node.put("type", p.type());
        node.put("description", p.description());
        node.put("name", p.name());
        node.put("in", p.in());
        if (p.required()) {
            node.put("required", true);
        }
        return node;
    }
}
