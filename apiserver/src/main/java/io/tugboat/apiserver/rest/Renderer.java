package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.apiserver.http.ResponseForm;
import io.tugboat.apiserver.registry.ListPage;
import io.tugboat.apiserver.tables.Column;
import io.tugboat.apiserver.tables.TablePrinter;
import java.time.Clock;
import java.util.List;

/** Shapes objects and lists into the form a client asked for: plain, Table, or PartialObjectMetadata. */
final class Renderer {

    private final TablePrinter printer;
    private final Clock clock;

    Renderer(TablePrinter printer, Clock clock) {
        this.printer = printer;
        this.clock = clock;
    }

    ObjectNode object(ResourceType type, ObjectNode object, ResponseForm form, String includeObject) {
        return switch (form) {
            case TABLE -> table(type, List.of(object), object.path("metadata").path("resourceVersion").asText(), null, includeObject, true);
            case PARTIAL_METADATA -> partial(object);
            default -> object;
        };
    }

    ObjectNode list(ResourceType type, ListPage page, ResponseForm form, String includeObject) {
        if (form == ResponseForm.TABLE) {
            return table(type, page.items(), Long.toString(page.revision()), page.continueToken(), includeObject, true);
        }
        ObjectNode list = Json.MAPPER.createObjectNode();
        if (form == ResponseForm.PARTIAL_METADATA) {
            list.put("kind", "PartialObjectMetadataList");
            list.put("apiVersion", "meta.k8s.io/v1");
        } else {
            list.put("kind", type.listKind());
            list.put("apiVersion", type.apiVersion());
        }
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(page.revision()));
        if (page.continueToken() != null) {
            meta.put("continue", page.continueToken());
        }
        ArrayNode items = list.putArray("items");
        for (ObjectNode item : page.items()) {
            items.add(form == ResponseForm.PARTIAL_METADATA ? partial(item) : item);
        }
        return list;
    }

    ObjectNode table(ResourceType type, List<ObjectNode> objects, String resourceVersion, String continueToken,
            String includeObject, boolean withColumns) {
        ObjectNode table = Json.MAPPER.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        meta.put("resourceVersion", resourceVersion);
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        if (withColumns) {
            for (Column c : printer.columns(type)) {
                ObjectNode cd = columns.addObject();
                cd.put("name", c.name());
                cd.put("type", c.type());
                cd.put("format", c.format());
                cd.put("description", c.description());
                cd.put("priority", c.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode object : objects) {
            ObjectNode row = rows.addObject();
            row.set("cells", Json.MAPPER.valueToTree(printer.cells(type, object, clock.instant())));
            String include = includeObject == null ? "Metadata" : includeObject;
            switch (include) {
                case "Object" -> row.set("object", object);
                case "None" -> {
                }
                default -> row.set("object", partial(object));
            }
        }
        return table;
    }

    static ObjectNode partial(ObjectNode object) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("kind", "PartialObjectMetadata");
        p.put("apiVersion", "meta.k8s.io/v1");
        p.set("metadata", object.get("metadata"));
        return p;
    }
}
