package io.tugboat.agent.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.agent.pods.ContainerConfigException;
import io.tugboat.agent.pods.PodFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a pod's volumes on the host, under {@code <agentDir>/pods/<uid>/volumes}: emptyDir (a tmpfs for
 * medium Memory when root), hostPath with its type checks, configMap / secret / downwardAPI / projected
 * files, and persistentVolumeClaim through the bound PersistentVolume (provisioned on this node when the
 * claim is pending). Called on every sync, so projected files follow their sources.
 */
public final class VolumeBuilder {

    private static final Logger log = LoggerFactory.getLogger(VolumeBuilder.class);
    private static final int DEFAULT_MODE = 0644;

    private final KubernetesClient client;
    private final Path podsDir;
    private final LocalPathProvisioner provisioner;
    private final boolean root;

    public VolumeBuilder(KubernetesClient client, Path podsDir, LocalPathProvisioner provisioner, boolean root) {
        this.client = client;
        this.podsDir = podsDir;
        this.provisioner = provisioner;
        this.root = root;
    }

    public Path podDir(String uid) {
        return podsDir.resolve(uid);
    }

    public PodVolumes build(Pod pod, PodFields fields) throws VolumeException {
        Map<String, Path> paths = new LinkedHashMap<>();
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        Path base = podDir(pod.getMetadata().getUid()).resolve("volumes");
        for (Volume volume : volumes) {
            paths.put(volume.getName(), build(pod, volume, base, fields));
        }
        return new PodVolumes(paths);
    }

    private Path build(Pod pod, Volume volume, Path base, PodFields fields) throws VolumeException {
        String ns = pod.getMetadata().getNamespace();
        try {
            if (volume.getHostPath() != null) {
                return HostPathCheck.prepare(Path.of(volume.getHostPath().getPath()), volume.getHostPath().getType());
            }
            if (volume.getPersistentVolumeClaim() != null) {
                return provisioner.pathFor(ns, volume.getPersistentVolumeClaim().getClaimName());
            }
            if (volume.getEmptyDir() != null) {
                Path dir = base.resolve("empty-dir").resolve(volume.getName());
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir);
                    if ("Memory".equals(volume.getEmptyDir().getMedium()) && root) {
                        Tmpfs.mount(dir, volume.getEmptyDir().getSizeLimit());
                    }
                }
                return dir;
            }
            Path dir = base.resolve(kind(volume)).resolve(volume.getName());
            Files.createDirectories(dir);
            if (volume.getConfigMap() != null) {
                var source = volume.getConfigMap();
                writeConfigMap(dir, ns, source.getName(), source.getItems(), mode(source.getDefaultMode()),
                        Boolean.TRUE.equals(source.getOptional()));
            } else if (volume.getSecret() != null) {
                var source = volume.getSecret();
                writeSecret(dir, ns, source.getSecretName(), source.getItems(), mode(source.getDefaultMode()),
                        Boolean.TRUE.equals(source.getOptional()));
            } else if (volume.getDownwardAPI() != null) {
                writeDownward(dir, volume.getDownwardAPI().getItems(), mode(volume.getDownwardAPI().getDefaultMode()), pod, fields);
            } else if (volume.getProjected() != null) {
                int mode = mode(volume.getProjected().getDefaultMode());
                for (VolumeProjection source : volume.getProjected().getSources()) {
                    if (source.getConfigMap() != null) {
                        writeConfigMap(dir, ns, source.getConfigMap().getName(), source.getConfigMap().getItems(), mode,
                                Boolean.TRUE.equals(source.getConfigMap().getOptional()));
                    } else if (source.getSecret() != null) {
                        writeSecret(dir, ns, source.getSecret().getName(), source.getSecret().getItems(), mode,
                                Boolean.TRUE.equals(source.getSecret().getOptional()));
                    } else if (source.getDownwardAPI() != null) {
                        writeDownward(dir, source.getDownwardAPI().getItems(), mode, pod, fields);
                    } else {
                        log.debug("pod {}/{}: projected source {} is not supported; skipped", ns,
                                pod.getMetadata().getName(), source);
                    }
                }
            } else {
                throw new VolumeException("volume " + volume.getName() + ": this volume type is not supported by Tugboat");
            }
            return dir;
        } catch (IOException e) {
            throw new VolumeException("volume " + volume.getName() + ": " + e.getMessage(), e);
        }
    }

    private static String kind(Volume volume) {
        if (volume.getConfigMap() != null) {
            return "configmap";
        }
        if (volume.getSecret() != null) {
            return "secret";
        }
        if (volume.getDownwardAPI() != null) {
            return "downward-api";
        }
        return "projected";
    }

    private static int mode(Integer mode) {
        return mode == null ? DEFAULT_MODE : mode;
    }

    private void writeConfigMap(Path dir, String ns, String name, List<KeyToPath> items, int mode, boolean optional)
            throws VolumeException {
        ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
        if (cm == null) {
            if (optional) {
                return;
            }
            throw new VolumeException("configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        writeItems(dir, "configmap " + name, data, items, mode, optional);
    }

    private void writeSecret(Path dir, String ns, String name, List<KeyToPath> items, int mode, boolean optional)
            throws VolumeException {
        Secret secret = client.secrets().inNamespace(ns).withName(name).get();
        if (secret == null) {
            if (optional) {
                return;
            }
            throw new VolumeException("secret \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        writeItems(dir, "secret " + name, data, items, mode, optional);
    }

    private static void writeItems(Path dir, String what, Map<String, byte[]> data, List<KeyToPath> items, int mode,
                                   boolean optional) throws VolumeException {
        if (items == null || items.isEmpty()) {
            for (var e : data.entrySet()) {
                FileWriter.write(dir, e.getKey(), e.getValue(), mode);
            }
            return;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                if (optional) {
                    continue;
                }
                throw new VolumeException("configured key " + item.getKey() + " not found in " + what);
            }
            FileWriter.write(dir, item.getPath(), value, item.getMode() == null ? mode : item.getMode());
        }
    }

    private static void writeDownward(Path dir, List<DownwardAPIVolumeFile> items, int mode, Pod pod, PodFields fields)
            throws VolumeException {
        for (DownwardAPIVolumeFile item : items) {
            String value;
            try {
                if (item.getFieldRef() != null) {
                    value = fields.field(item.getFieldRef().getFieldPath());
                } else if (item.getResourceFieldRef() != null) {
                    value = fields.resource(pod.getSpec().getContainers().get(0), item.getResourceFieldRef());
                } else {
                    continue;
                }
            } catch (ContainerConfigException e) {
                throw new VolumeException(e.getMessage());
            }
            FileWriter.write(dir, item.getPath(), value.getBytes(StandardCharsets.UTF_8),
                    item.getMode() == null ? mode : item.getMode());
        }
    }

    /** Removes the pod's directory (unmounting tmpfs volumes first); persistent volumes live elsewhere. */
    public void tearDown(String uid) {
        Path dir = podDir(uid);
        if (!Files.exists(dir)) {
            return;
        }
        Path emptyDirs = dir.resolve("volumes").resolve("empty-dir");
        if (root && Files.isDirectory(emptyDirs)) {
            try (Stream<Path> mounts = Files.list(emptyDirs)) {
                mounts.forEach(Tmpfs::unmountIfMounted);
            } catch (IOException e) {
                log.warn("cannot list {}: {}", emptyDirs, e.getMessage());
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("cannot remove {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }
}
