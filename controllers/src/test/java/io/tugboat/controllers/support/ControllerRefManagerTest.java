package io.tugboat.controllers.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tugboat.apiserver.testing.InJvmApiServer;
import io.tugboat.apiserver.testing.InJvmApiServerExtension;
import io.tugboat.client.ClusterAccess;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Claiming pods for an owner against a real API server: orphans that match are adopted, controlled pods that stopped
 * matching are released, and a pod that changed since the owner's cache saw it fails the claim so that the owner's
 * sync is retried, instead of being skipped until some other event comes.
 */
class ControllerRefManagerTest {

    @RegisterExtension
    static final InJvmApiServerExtension apiServer = new InJvmApiServerExtension();

    private static final String NS = "claims";
    private static KubernetesClient client;
    private static int pods;

    @BeforeAll
    static void connect() {
        InJvmApiServer server = apiServer.server();
        client = new ClusterAccess(server.url(), server.adminToken(), server.caPem()).connect("claim-test");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void adoptsMatchingOrphansAndReleasesPodsThatStoppedMatching() {
        ReplicaSet owner = replicaSet("web");
        Pod orphan = pod(Map.of("app", "web"), null);
        Pod strayed = pod(Map.of("app", "other"), Owners.controllerRef(owner));
        ControllerRefManager<Pod> claims = new ControllerRefManager<>(client, Pod.class);

        List<Pod> claimed = claims.claim(owner, selector("web"), List.of(orphan, strayed), () -> true);

        assertThat(claimed).extracting(p -> p.getMetadata().getName()).containsExactly(orphan.getMetadata().getName());
        assertThat(controllerUid(orphan)).isEqualTo(owner.getMetadata().getUid());
        assertThat(controllerUid(strayed)).isNull();
    }

    @Test
    void aPodThatChangedUnderTheClaimFailsItWithAConflictAfterTheOthersAreClaimed() {
        ReplicaSet owner = replicaSet("api");
        Pod stale = pod(Map.of("app", "api"), null);
        client.pods().inNamespace(NS).withName(stale.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().addToAnnotations("touched", "yes").endMetadata().build());
        Pod fresh = pod(Map.of("app", "api"), null);
        ControllerRefManager<Pod> claims = new ControllerRefManager<>(client, Pod.class);

        assertThatThrownBy(() -> claims.claim(owner, selector("api"), List.of(stale, fresh), () -> true))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
                .hasMessageContaining(stale.getMetadata().getName());
        assertThat(controllerUid(fresh)).as("the other orphan is still adopted").isEqualTo(owner.getMetadata().getUid());
        assertThat(controllerUid(stale)).as("the changed pod waits for the retry").isNull();
    }

    @Test
    void aPodDeletedBeforeItsAdoptionIsSimplyNotClaimed() {
        ReplicaSet owner = replicaSet("gone");
        Pod deleted = pod(Map.of("app", "gone"), null);
        client.pods().inNamespace(NS).withName(deleted.getMetadata().getName()).withGracePeriod(0).delete();

        List<Pod> claimed = new ControllerRefManager<>(client, Pod.class)
                .claim(owner, selector("gone"), List.of(deleted), () -> true);

        assertThat(claimed).isEmpty();
    }

    private static ReplicaSet replicaSet(String app) {
        return client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec().withSelector(selector(app))
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    private static Pod pod(Map<String, String> labels, OwnerReference controller) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("pod-" + ++pods).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec();
        if (controller != null) {
            pod.editMetadata().withOwnerReferences(controller).endMetadata();
        }
        return client.pods().inNamespace(NS).resource(pod.build()).create();
    }

    private static LabelSelector selector(String app) {
        return new LabelSelectorBuilder().withMatchLabels(Map.of("app", app)).build();
    }

    private static String controllerUid(Pod pod) {
        Pod live = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        return Owners.controllerOf(live).map(OwnerReference::getUid).orElse(null);
    }
}
