package io.tugboat.api.patch;

import static io.tugboat.api.patch.Trees.json;
import static io.tugboat.api.patch.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrategicMergePatchTest {

    private final StrategicMergePatch smp = StrategicMergePatch.builtIn();

    /** A Deployment whose pod template has two containers, the first with env and ports. */
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 2
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1
                    args: [a, b]
                    env:
                    - {name: A, value: "1"}
                    - {name: X, value: server}
                    - {name: B, value: "2"}
                    ports:
                    - {containerPort: 80, protocol: TCP}
                  - name: side
                    image: busybox
                  volumes:
                  - {name: data, emptyDir: {}}
                  - {name: cache, emptyDir: {}}
                  tolerations:
                  - {key: a, operator: Exists}
            """;

    /** The template's pod spec after a patch: the rest of the Deployment must be untouched. */
    private static String deploymentWithPodSpec(String podSpec) {
        ObjectNode d = (ObjectNode) yaml(DEPLOYMENT);
        ((ObjectNode) d.path("spec").path("template")).set("spec", yaml(podSpec));
        return d.toString();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("maps merge and null deletes a key", "ConfigMap", """
                        metadata: {name: c, labels: {a: "1", b: "2"}}
                        data: {x: "1", y: "2"}
                        """, """
                        metadata: {labels: {b: null, c: "3"}}
                        data: {y: null}
                        """, """
                        metadata: {name: c, labels: {a: "1", c: "3"}}
                        data: {x: "1"}
                        """),
                Arguments.of("nulls in a value that is new are dropped", "ConfigMap", """
                        metadata: {name: c}
                        """, """
                        metadata: {labels: {a: "1", b: null}}
                        """, """
                        metadata: {name: c, labels: {a: "1"}}
                        """),
                Arguments.of("containers and their env merge by name inside a Deployment's template",
                        "Deployment.apps", DEPLOYMENT, """
                        spec:
                          template:
                            spec:
                              containers:
                              - name: web
                                image: nginx:2
                                env: [{name: B, value: "3"}, {name: C, value: "4"}]
                              - {name: log, image: fluent}
                        """, deploymentWithPodSpec("""
                        containers:
                        - name: web
                          image: nginx:2
                          args: [a, b]
                          # New items go before server-only items the server did not order before them,
                          # exactly as apimachinery's mergeSortedSlice does.
                          env:
                          - {name: A, value: "1"}
                          - {name: X, value: server}
                          - {name: B, value: "3"}
                          - {name: C, value: "4"}
                          ports:
                          - {containerPort: 80, protocol: TCP}
                        - {name: log, image: fluent}
                        - {name: side, image: busybox}
                        volumes:
                        - {name: data, emptyDir: {}}
                        - {name: cache, emptyDir: {}}
                        tolerations:
                        - {key: a, operator: Exists}
                        """)),
                Arguments.of("$patch: delete removes a list item by merge key", "Deployment.apps", DEPLOYMENT, """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: side, $patch: delete}
                              - name: web
                                env: [{name: X, $patch: delete}]
                        """, deploymentWithPodSpec("""
                        containers:
                        - name: web
                          image: nginx:1
                          args: [a, b]
                          env:
                          - {name: A, value: "1"}
                          - {name: B, value: "2"}
                          ports:
                          - {containerPort: 80, protocol: TCP}
                        volumes:
                        - {name: data, emptyDir: {}}
                        - {name: cache, emptyDir: {}}
                        tolerations:
                        - {key: a, operator: Exists}
                        """)),
                Arguments.of("$patch: replace in a list replaces it whole", "Deployment.apps", DEPLOYMENT, """
                        spec:
                          template:
                            spec:
                              volumes:
                              - {name: only, hostPath: {path: /x}}
                              - $patch: replace
                        """, deploymentWithPodSpec("""
                        containers:
                        - name: web
                          image: nginx:1
                          args: [a, b]
                          env:
                          - {name: A, value: "1"}
                          - {name: X, value: server}
                          - {name: B, value: "2"}
                          ports:
                          - {containerPort: 80, protocol: TCP}
                        - {name: side, image: busybox}
                        volumes:
                        - {name: only, hostPath: {path: /x}}
                        tolerations:
                        - {key: a, operator: Exists}
                        """)),
                Arguments.of("$patch: replace in a map replaces it whole", "Pod", """
                        metadata: {name: p, labels: {a: "1", b: "2"}}
                        """, """
                        metadata: {labels: {c: "3", $patch: replace}}
                        """, """
                        metadata: {name: p, labels: {c: "3"}}
                        """),
                Arguments.of("$patch: delete in a map removes it", "Deployment.apps", """
                        spec: {replicas: 1, strategy: {type: Recreate}}
                        """, """
                        spec: {strategy: {$patch: delete}}
                        """, """
                        spec: {replicas: 1}
                        """),
                Arguments.of("$patch: merge in a map is the default", "Pod", """
                        metadata: {name: p, labels: {a: "1"}}
                        """, """
                        metadata: {labels: {b: "2", $patch: merge}}
                        """, """
                        metadata: {name: p, labels: {a: "1", b: "2"}}
                        """),
                Arguments.of("$setElementOrder reorders a list without changing it", "Pod", """
                        spec:
                          containers: [{name: a, image: x}, {name: b, image: y}, {name: c, image: z}]
                        """, """
                        spec:
                          $setElementOrder/containers: [{name: c}, {name: a}, {name: b}]
                        """, """
                        spec:
                          containers: [{name: c, image: z}, {name: a, image: x}, {name: b, image: y}]
                        """),
                Arguments.of("$setElementOrder orders patched items and leaves server-only ones in place", "Pod", """
                        spec:
                          containers:
                          - name: web
                            env: [{name: A, value: "1"}, {name: X, value: server}, {name: B, value: "2"}]
                        """, """
                        spec:
                          containers:
                          - name: web
                            $setElementOrder/env: [{name: B}, {name: A}]
                            env: [{name: B, value: "3"}]
                        """, """
                        spec:
                          containers:
                          - name: web
                            env: [{name: X, value: server}, {name: B, value: "3"}, {name: A, value: "1"}]
                        """),
                Arguments.of("$deleteFromPrimitiveList removes every occurrence", "Pod", """
                        metadata: {name: p, finalizers: [a, b, c, b]}
                        """, """
                        metadata: {$deleteFromPrimitiveList/finalizers: [b]}
                        """, """
                        metadata: {name: p, finalizers: [a, c]}
                        """),
                Arguments.of("finalizers merge as a set", "Pod", """
                        metadata: {name: p, finalizers: [a, b]}
                        """, """
                        metadata: {finalizers: [b, c]}
                        """, """
                        metadata: {name: p, finalizers: [a, b, c]}
                        """),
                Arguments.of("$retainKeys clears the other members of a union", "Deployment.apps", """
                        spec:
                          strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}
                        """, """
                        spec:
                          strategy: {$retainKeys: [type], type: Recreate, rollingUpdate: null}
                        """, """
                        spec:
                          strategy: {type: Recreate}
                        """),
                Arguments.of("volumes merge by name and retain keys per item", "Pod", """
                        spec:
                          volumes: [{name: data, emptyDir: {}}, {name: cache, emptyDir: {}}]
                        """, """
                        spec:
                          volumes:
                          - {name: data, $retainKeys: [configMap, name], configMap: {name: cm}, emptyDir: null}
                        """, """
                        spec:
                          volumes: [{name: data, configMap: {name: cm}}, {name: cache, emptyDir: {}}]
                        """),
                Arguments.of("tolerations are atomic and replaced", "Pod", """
                        spec:
                          tolerations: [{key: a, operator: Exists}]
                        """, """
                        spec:
                          tolerations: [{key: b, operator: Exists}]
                        """, """
                        spec:
                          tolerations: [{key: b, operator: Exists}]
                        """),
                Arguments.of("args are atomic and replaced", "Pod", """
                        spec:
                          containers: [{name: a, args: [x, y]}]
                        """, """
                        spec:
                          containers: [{name: a, args: [z]}]
                        """, """
                        spec:
                          containers: [{name: a, args: [z]}]
                        """),
                Arguments.of("container ports merge by containerPort", "Pod", """
                        spec:
                          containers:
                          - name: a
                            ports: [{containerPort: 80, protocol: TCP}]
                        """, """
                        spec:
                          containers:
                          - name: a
                            ports: [{containerPort: 80, name: http}, {containerPort: 443, name: https}]
                        """, """
                        spec:
                          containers:
                          - name: a
                            ports: [{containerPort: 80, protocol: TCP, name: http}, {containerPort: 443, name: https}]
                        """),
                Arguments.of("volume mounts merge by mountPath", "Pod", """
                        spec:
                          containers:
                          - name: a
                            volumeMounts: [{name: d, mountPath: /d}]
                        """, """
                        spec:
                          containers:
                          - name: a
                            volumeMounts: [{mountPath: /d, readOnly: true}]
                        """, """
                        spec:
                          containers:
                          - name: a
                            volumeMounts: [{name: d, mountPath: /d, readOnly: true}]
                        """),
                Arguments.of("service ports merge by port", "Service", """
                        spec:
                          selector: {app: web}
                          ports: [{port: 80, targetPort: 8080, protocol: TCP}, {port: 443, targetPort: 8443}]
                        """, """
                        spec:
                          ports: [{port: 80, targetPort: 9090}]
                        """, """
                        spec:
                          selector: {app: web}
                          ports: [{port: 80, targetPort: 9090, protocol: TCP}, {port: 443, targetPort: 8443}]
                        """),
                Arguments.of("owner references merge by uid", "ConfigMap", """
                        metadata:
                          ownerReferences: [{uid: u1, kind: A, name: a}]
                        """, """
                        metadata:
                          ownerReferences: [{uid: u1, controller: true}, {uid: u2, kind: B, name: b}]
                        """, """
                        metadata:
                          ownerReferences: [{uid: u1, kind: A, name: a, controller: true}, {uid: u2, kind: B, name: b}]
                        """),
                Arguments.of("status conditions merge by type", "Deployment.apps", """
                        status:
                          conditions: [{type: Available, status: "True"}, {type: Progressing, status: "True"}]
                        """, """
                        status:
                          conditions: [{type: Available, status: "False", reason: MinimumReplicasUnavailable}]
                        """, """
                        status:
                          conditions:
                          - {type: Available, status: "False", reason: MinimumReplicasUnavailable}
                          - {type: Progressing, status: "True"}
                        """),
                Arguments.of("image pull secrets and host aliases merge by their keys", "Pod", """
                        spec:
                          imagePullSecrets: [{name: a}]
                          hostAliases: [{ip: 10.0.0.1, hostnames: [x]}]
                        """, """
                        spec:
                          imagePullSecrets: [{name: b}]
                          hostAliases: [{ip: 10.0.0.1, hostnames: [y]}]
                        """, """
                        spec:
                          imagePullSecrets: [{name: b}, {name: a}]
                          hostAliases: [{ip: 10.0.0.1, hostnames: [y]}]
                        """),
                Arguments.of("topology spread constraints merge by topologyKey", "Pod", """
                        spec:
                          topologySpreadConstraints: [{topologyKey: zone, maxSkew: 1}]
                        """, """
                        spec:
                          topologySpreadConstraints: [{topologyKey: zone, maxSkew: 2}]
                        """, """
                        spec:
                          topologySpreadConstraints: [{topologyKey: zone, maxSkew: 2}]
                        """),
                Arguments.of("a CronJob's job template containers merge by name", "CronJob.batch", """
                        spec:
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  containers: [{name: a, image: x}, {name: b, image: y}]
                        """, """
                        spec:
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  containers: [{name: b, image: z}]
                        """, """
                        spec:
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  containers: [{name: a, image: x}, {name: b, image: z}]
                        """),
                Arguments.of("directives inside a new list item take effect", "Pod", """
                        spec:
                          containers: [{name: a}]
                        """, """
                        spec:
                          containers:
                          - name: b
                            $setElementOrder/env: [{name: X}]
                            env: [{name: X, value: "1"}, {name: Z, $patch: delete}]
                            args: null
                            securityContext: {$patch: delete}
                        """, """
                        spec:
                          containers:
                          - {name: b, env: [{name: X, value: "1"}]}
                          - {name: a}
                        """),
                Arguments.of("custom resources are merge patched: lists are replaced", "Widget.example.com", """
                        spec:
                          containers: [{name: a}, {name: b}]
                          size: 1
                        """, """
                        spec:
                          containers: [{name: c}]
                          size: null
                        """, """
                        spec:
                          containers: [{name: c}]
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void applies(String name, String kind, String original, String patch, String expected) {
        JsonNode before = yaml(original);
        JsonNode patchNode = yaml(patch);
        JsonNode patchCopy = patchNode.deepCopy();

        JsonNode result = smp.apply(kind, before, patchNode);

        assertThat(result).isEqualTo(yaml(expected));
        assertThat(before).as("the original is not modified").isEqualTo(yaml(original));
        assertThat(patchNode).as("the patch is not modified").isEqualTo(patchCopy);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("a list item without its merge key",
                        "{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}", PatchException.Reason.BAD_REQUEST),
                Arguments.of("a deleted list item without its merge key",
                        "{\"spec\":{\"containers\":[{\"$patch\":\"delete\"}]}}", PatchException.Reason.BAD_REQUEST),
                Arguments.of("an unknown $patch directive",
                        "{\"spec\":{\"$patch\":\"explode\"}}", PatchException.Reason.BAD_REQUEST),
                Arguments.of("a $retainKeys that is not a list",
                        "{\"spec\":{\"$retainKeys\":\"containers\"}}", PatchException.Reason.BAD_REQUEST),
                Arguments.of("a field outside $retainKeys",
                        "{\"spec\":{\"$retainKeys\":[\"volumes\"],\"hostname\":\"h\"}}",
                        PatchException.Reason.BAD_REQUEST),
                Arguments.of("a patch list out of $setElementOrder's order",
                        "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
                                + "\"containers\":[{\"name\":\"b\"},{\"name\":\"a\"}]}}",
                        PatchException.Reason.BAD_REQUEST),
                Arguments.of("a $deleteFromPrimitiveList that is not a list",
                        "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"a\"}}",
                        PatchException.Reason.BAD_REQUEST),
                Arguments.of("a list of lists in a merged list",
                        "{\"metadata\":{\"finalizers\":[[\"a\"]]}}", PatchException.Reason.INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rejected(String name, String patch, PatchException.Reason reason) {
        JsonNode pod = yaml("""
                metadata: {name: p, finalizers: [x]}
                spec:
                  containers: [{name: a, image: x}, {name: b, image: y}]
                """);
        assertThatThrownBy(() -> smp.apply("Pod", pod, json(patch)))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void aPatchThatIsNotAnObjectIsABadRequest() {
        assertThatThrownBy(() -> smp.apply("Pod", json("{}"), json("[]")))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    /** The patches kubectl 1.32 really sends for client-side apply, applied to the object it computed them for. */
    @Nested
    class KubectlClientSideApply {

        @Test
        void removesAnEnvVarAndAPortAndChangesAnAnnotation() {
            JsonNode live = json(KubectlPatches.LIVE);
            JsonNode patch = json(KubectlPatches.ENV_PORT_ANNOTATION);

            JsonNode result = smp.apply("Deployment.apps", live, patch);

            ObjectNode expected = (ObjectNode) live.deepCopy();
            ObjectNode annotations = (ObjectNode) expected.path("metadata").path("annotations");
            annotations.put("team", "b");
            annotations.set("kubectl.kubernetes.io/last-applied-configuration",
                    patch.path("metadata").path("annotations").path("kubectl.kubernetes.io/last-applied-configuration"));
            ObjectNode web = (ObjectNode) expected.at("/spec/template/spec/containers/0");
            // INJECTED, which the configuration never had, stays after the configured entries.
            web.set("env", yaml("[{name: A, value: '1'}, {name: C, value: '3'}, {name: INJECTED, value: x}]"));
            web.set("ports", yaml("[{containerPort: 80, protocol: TCP}]"));
            assertThat(result).isEqualTo(expected);
        }

        @Test
        void switchesStrategyAndVolumeSourceAndReorders() {
            JsonNode live = json(KubectlPatches.LIVE);
            JsonNode patch = json(KubectlPatches.STRATEGY_VOLUME_REORDER);

            JsonNode result = smp.apply("Deployment.apps", live, patch);

            assertThat(result.at("/metadata/annotations").has("team")).isFalse();
            assertThat(result.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"))
                    .isEqualTo(patch.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"));
            assertThat(result.at("/spec/strategy")).isEqualTo(yaml("{type: Recreate}"));
            assertThat(result.at("/spec/template/spec/volumes")).isEqualTo(yaml("[{name: data, configMap: {name: web-data}}]"));
            JsonNode containers = result.at("/spec/template/spec/containers");
            assertThat(names(containers)).containsExactly("sidecar", "web");
            assertThat(containers.at("/0/args")).isEqualTo(yaml("[sleep, '7200']"));
            assertThat(containers.at("/1/image").asText()).isEqualTo("nginx:1.27");
            assertThat(containers.at("/1/env"))
                    .isEqualTo(yaml("[{name: C, value: '3'}, {name: A, value: '1'}, {name: INJECTED, value: x}]"));
            assertThat(containers.at("/1/ports")).isEqualTo(yaml("[{containerPort: 80, protocol: TCP}]"));
            assertThat(containers.at("/1/imagePullPolicy").asText()).as("defaults survive").isEqualTo("IfNotPresent");
            assertThat(result.toString()).doesNotContain("$setElementOrder", "$retainKeys", "$patch");
        }

        @Test
        void dropsAFinalizerAndSetsArgs() {
            JsonNode live = json(KubectlPatches.LIVE_WITH_FINALIZERS);

            JsonNode result = smp.apply("Deployment.apps", live, json(KubectlPatches.FINALIZER_AND_ARGS));

            assertThat(result.at("/metadata/finalizers")).isEqualTo(yaml("[example.com/a]"));
            JsonNode web = result.at("/spec/template/spec/containers/0");
            assertThat(web.path("args")).isEqualTo(yaml("['--x']"));
            assertThat(names(web.path("env"))).containsExactly("A", "B", "C", "INJECTED");
            assertThat(result.at("/spec/template/spec/containers/1/name").asText()).isEqualTo("sidecar");
        }
    }
}
