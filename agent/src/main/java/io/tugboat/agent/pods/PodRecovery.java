package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.tugboat.runtime.ContainerRuntime;
import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.Recovered;
import io.tugboat.runtime.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an agent restart: rebuilds each pod's record from what the runtime still has (sandboxes and
 * containers, by their labels) so that running containers are adopted with their restart counts, not
 * started again. The pod objects come from the API afterwards; a pod the API no longer has is then
 * stopped by the normal sync.
 */
final class PodRecovery {

    private static final Logger log = LoggerFactory.getLogger(PodRecovery.class);

    private PodRecovery() {
    }

    static Set<String> adopt(PodSyncer syncer, ContainerRuntime runtime, Recovered recovered, Path logsDir) {
        Map<String, PodRecord> records = new HashMap<>();
        for (Sandbox sandbox : recovered.sandboxes()) {
            String uid = sandbox.labels().get(ContainerSpecs.POD_UID);
            if (uid == null) {
                continue;
            }
            PodRecord record = records.computeIfAbsent(uid, u -> syncer.newRecord(u, placeholder(sandbox.labels())));
            record.sandbox = sandbox;
            record.podIp = sandbox.ip().orElse(null);
        }
        Map<String, List<ContainerStatus>> byPod = new HashMap<>();
        for (ContainerStatus c : recovered.containers()) {
            String uid = c.labels().get(ContainerSpecs.POD_UID);
            if (uid != null) {
                byPod.computeIfAbsent(uid, u -> new ArrayList<>()).add(c);
            }
        }
        for (var entry : byPod.entrySet()) {
            PodRecord record = records.computeIfAbsent(entry.getKey(),
                    u -> syncer.newRecord(u, placeholder(entry.getValue().get(0).labels())));
            List<ContainerStatus> containers = new ArrayList<>(entry.getValue());
            containers.sort(Comparator.comparingInt(PodRecovery::attempt).reversed());
            Set<String> seenTwice = new HashSet<>();
            for (ContainerStatus c : containers) {
                String name = c.labels().get(ContainerSpecs.CONTAINER);
                ContainerRecord cr = new ContainerRecord(name, c.id(), attempt(c),
                        Boolean.parseBoolean(c.labels().get(ContainerSpecs.INIT)),
                        logFile(logsDir, c.labels(), name, attempt(c)), c);
                if (!record.current.containsKey(name)) {
                    record.current.put(name, cr);
                } else if (!record.previous.containsKey(name)) {
                    record.previous.put(name, cr);
                } else if (seenTwice.add(c.id())) {
                    runtime.removeContainer(c.id());
                }
            }
        }
        for (PodRecord record : records.values()) {
            syncer.adopt(record);
            log.info("adopted pod {}/{} ({} containers, {} running)", record.namespace(), record.name(),
                    record.current.size(), record.current.values().stream().filter(ContainerRecord::running).count());
        }
        return records.keySet();
    }

    private static int attempt(ContainerStatus c) {
        try {
            return Integer.parseInt(c.labels().getOrDefault(ContainerSpecs.ATTEMPT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Path logFile(Path logsDir, Map<String, String> labels, String container, int attempt) {
        return logsDir.resolve(labels.get(ContainerSpecs.POD_NAMESPACE) + "_" + labels.get(ContainerSpecs.POD_NAME) + "_"
                + labels.get(ContainerSpecs.POD_UID)).resolve(container).resolve(attempt + ".log");
    }

    /** Stands in for the pod until the informer delivers the real one; carries only its identity. */
    private static Pod placeholder(Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withUid(labels.get(ContainerSpecs.POD_UID))
                .withName(labels.get(ContainerSpecs.POD_NAME)).withNamespace(labels.get(ContainerSpecs.POD_NAMESPACE))
                .endMetadata().withNewSpec().endSpec().build();
    }
}
