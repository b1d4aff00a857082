package io.tugboat.controllers.endpoints;

import java.util.List;
import java.util.Map;

/** What the controller decides about one EndpointSlice: its ports, its endpoints and its labels. */
public record SliceContent(List<PortSpec> ports, List<SliceEndpoint> endpoints, Map<String, String> labels) {

    public SliceContent {
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
        labels = Map.copyOf(labels);
    }

    SliceContent withEndpoints(List<SliceEndpoint> replaced) {
        return new SliceContent(ports, replaced, labels);
    }

    SliceContent withLabels(Map<String, String> replaced) {
        return new SliceContent(ports, endpoints, replaced);
    }
}
