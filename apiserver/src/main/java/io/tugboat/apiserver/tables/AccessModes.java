package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** Volume access modes abbreviated in the fixed order Kubernetes prints them: RWO,ROX,RWX,RWOP. */
final class AccessModes {

    private record Mode(String name, String abbreviation) {
    }

    private static final List<Mode> ORDER = List.of(
            new Mode("ReadWriteOnce", "RWO"),
            new Mode("ReadOnlyMany", "ROX"),
            new Mode("ReadWriteMany", "RWX"),
            new Mode("ReadWriteOncePod", "RWOP"));

    private AccessModes() {
    }

    static String format(JsonNode modes) {
        List<String> given = Fields.strings(modes);
        return ORDER.stream()
                .filter(m -> given.contains(m.name()))
                .map(Mode::abbreviation)
                .collect(Collectors.joining(","));
    }
}
