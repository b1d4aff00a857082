package io.tugboat.agent.volumes;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k3s's local-path provisioner, done by the agent that will use the volume: a pending claim of class
 * {@code local-path} (or of no class) gets a directory under the agent's storage directory, a
 * PersistentVolume of type local pinned to this node by node affinity, and is bound to it. The directory
 * outlives every pod that mounts it.
 */
public final class LocalPathProvisioner {

    public static final String STORAGE_CLASS = "local-path";
    private static final Logger log = LoggerFactory.getLogger(LocalPathProvisioner.class);

    private final KubernetesClient client;
    private final Path storageDir;
    private final String nodeName;

    public LocalPathProvisioner(KubernetesClient client, Path storageDir, String nodeName) {
        this.client = client;
        this.storageDir = storageDir;
        this.nodeName = nodeName;
    }

    public Path pathFor(String namespace, String claimName) throws VolumeException, IOException {
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
        if (claim == null) {
            throw new VolumeException("persistentvolumeclaim \"" + claimName + "\" not found");
        }
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName == null || volumeName.isEmpty()) {
            String storageClass = claim.getSpec().getStorageClassName();
            if (storageClass != null && !storageClass.equals(STORAGE_CLASS)) {
                throw new VolumeException("persistentvolumeclaim \"" + claimName + "\" is not bound");
            }
            volumeName = provision(claim);
        }
        PersistentVolume volume = client.persistentVolumes().withName(volumeName).get();
        if (volume == null) {
            throw new VolumeException("persistentvolume \"" + volumeName + "\" not found");
        }
        if (!pinnedHereOrNowhere(volume)) {
            throw new VolumeException("volume node affinity conflict: " + volumeName + " lives on another node");
        }
        Path path;
        if (volume.getSpec().getLocal() != null) {
            path = Path.of(volume.getSpec().getLocal().getPath());
        } else if (volume.getSpec().getHostPath() != null) {
            path = Path.of(volume.getSpec().getHostPath().getPath());
        } else {
            throw new VolumeException("persistentvolume \"" + volumeName + "\": only local and hostPath volumes are supported");
        }
        Files.createDirectories(path);
        return path;
    }

    private boolean pinnedHereOrNowhere(PersistentVolume volume) {
        var affinity = volume.getSpec().getNodeAffinity();
        if (affinity == null || affinity.getRequired() == null) {
            return true;
        }
        return affinity.getRequired().getNodeSelectorTerms().stream().anyMatch(term -> term.getMatchExpressions() != null
                && term.getMatchExpressions().stream().allMatch(this::matchesThisNode));
    }

    private boolean matchesThisNode(NodeSelectorRequirement r) {
        if (!"kubernetes.io/hostname".equals(r.getKey())) {
            return true;
        }
        return switch (r.getOperator()) {
            case "In" -> r.getValues().contains(nodeName);
            case "NotIn" -> !r.getValues().contains(nodeName);
            default -> true;
        };
    }

    private String provision(PersistentVolumeClaim claim) throws IOException {
        var meta = claim.getMetadata();
        String name = "pvc-" + meta.getUid();
        Path dir = storageDir.resolve(name + "_" + meta.getNamespace() + "_" + meta.getName());
        Files.createDirectories(dir);
        Quantity size = claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null
                ? new Quantity("1Gi") : claim.getSpec().getResources().getRequests().getOrDefault("storage", new Quantity("1Gi"));
        List<String> modes = claim.getSpec().getAccessModes() == null || claim.getSpec().getAccessModes().isEmpty()
                ? List.of("ReadWriteOnce") : claim.getSpec().getAccessModes();
        PersistentVolume volume = new PersistentVolumeBuilder()
                .withNewMetadata().withName(name)
                .withAnnotations(Map.of("pv.kubernetes.io/provisioned-by", "tugboat.io/local-path",
                        "local.path.provisioner/selected-node", nodeName))
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", size))
                .withAccessModes(modes)
                .withStorageClassName(STORAGE_CLASS)
                .withPersistentVolumeReclaimPolicy("Delete")
                .withVolumeMode("Filesystem")
                .withNewLocal().withPath(dir.toString()).endLocal()
                .withClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(meta.getNamespace()).withName(meta.getName()).withUid(meta.getUid()).build())
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues(nodeName)
                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
                .endSpec()
                .build();
        try {
            client.persistentVolumes().resource(volume).create();
            log.info("provisioned {} for claim {}/{} at {}", name, meta.getNamespace(), meta.getName(), dir);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        client.persistentVolumes().withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Bound\"}}");
        client.persistentVolumeClaims().inNamespace(meta.getNamespace()).withName(meta.getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{"
                        + "\"pv.kubernetes.io/bind-completed\":\"yes\",\"volume.kubernetes.io/selected-node\":\""
                        + nodeName + "\"}},\"spec\":{\"volumeName\":\"" + name + "\"}}");
        String modesJson = modes.stream().map(m -> "\"" + m + "\"").reduce((a, b) -> a + "," + b).orElse("");
        client.persistentVolumeClaims().inNamespace(meta.getNamespace()).withName(meta.getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Bound\",\"accessModes\":["
                        + modesJson + "],\"capacity\":{\"storage\":\"" + size + "\"}}}");
        return name;
    }
}
