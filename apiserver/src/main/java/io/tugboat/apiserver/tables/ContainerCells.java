package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The wide Containers and Images cells of workload kinds: the template's containers, comma-joined. */
final class ContainerCells {

    private ContainerCells() {
    }

    /** Names then images of the containers in a pod spec, each joined with ",". */
    static List<Object> of(JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode c : podSpec.path("containers")) {
            names.add(c.path("name").asText(""));
            images.add(c.path("image").asText(""));
        }
        return List.of(String.join(",", names), String.join(",", images));
    }
}
