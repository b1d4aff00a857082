package io.tugboat.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.patch.ServerSideApply;
import io.tugboat.api.patch.UpdateOptions;
import io.tugboat.apiserver.registry.ObjectPreparer;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU an API write spends on its own bookkeeping, without HTTP or the store: recording field ownership
 * ({@code metadata.managedFields}) for an update, and decode-default-validate-encode of the object. These two were
 * the largest Tugboat items in the server's profile under {@code bench/run api-writes} (docs/benchmarks.md
 * section 1).
 *
 * <pre>bench/run jmh WriteBookkeepingBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class WriteBookkeepingBench {

    private static final String CONFIGMAP = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","namespace":"bench",
             "labels":{"app":"bench","tier":"api"}},"data":{"k":"%s","other":"fixed"}}""";

    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"bench",
             "labels":{"app":"web"},"annotations":{"note":"%s"}},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},
               "spec":{"containers":[
                {"name":"web","image":"nginx:1.27","ports":[{"containerPort":80,"name":"http"}],
                 "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
                 "resources":{"requests":{"cpu":"100m","memory":"64Mi"}},
                 "readinessProbe":{"httpGet":{"path":"/","port":80}}},
                {"name":"sidecar","image":"busybox:1.36","command":["sleep","3600"]}]}}}}""";

    private final ServerSideApply ssa = ServerSideApply.builtIn();
    private final ObjectPreparer preparer = new ObjectPreparer();
    private final Instant now = Instant.parse("2026-11-25T00:00:00Z");
    private ResourceType deployments;
    private ObjectNode configMapLive;
    private ObjectNode configMapNext;
    private ObjectNode deploymentLive;
    private ObjectNode deploymentNext;

    @Setup
    public void setup() throws IOException {
        ResourceTypes types = ResourceTypes.builtIn();
        deployments = types.byKind("apps/v1", "Deployment").orElseThrow();
        ResourceType configMaps = types.byKind("v1", "ConfigMap").orElseThrow();
        // Live objects as the store holds them: prepared, with the managedFields their create recorded.
        configMapLive = created(configMaps, CONFIGMAP.formatted("v1"), "ConfigMap");
        configMapNext = preparer.prepare(configMaps, object(CONFIGMAP.formatted("v2")));
        configMapNext.with("metadata").set("managedFields", configMapLive.path("metadata").path("managedFields"));
        deploymentLive = created(deployments, DEPLOYMENT.formatted("v1"), "Deployment.apps");
        deploymentNext = preparer.prepare(deployments, object(DEPLOYMENT.formatted("v2")));
        deploymentNext.with("metadata").set("managedFields", deploymentLive.path("metadata").path("managedFields"));
    }

    private ObjectNode created(ResourceType type, String json, String kindKey) throws IOException {
        ObjectNode prepared = preparer.prepare(type, object(json));
        return ssa.recordUpdate(kindKey, null, prepared, new UpdateOptions("kubectl", "", now));
    }

    private static ObjectNode object(String json) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Benchmark
    public ObjectNode managedFieldsConfigMapUpdate() {
        return ssa.recordUpdate("ConfigMap", configMapLive, configMapNext, new UpdateOptions("bench", "", now));
    }

    @Benchmark
    public ObjectNode managedFieldsDeploymentUpdate() {
        return ssa.recordUpdate("Deployment.apps", deploymentLive, deploymentNext, new UpdateOptions("bench", "", now));
    }

    @Benchmark
    public ObjectNode prepareDeployment() {
        return preparer.prepare(deployments, deploymentNext);
    }
}
