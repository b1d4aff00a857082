package io.tugboat.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.Sandbox;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodStatusBuilderTest {

    private final Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final PodStatusBuilder builder = new PodStatusBuilder("192.0.2.10");

    private static Pod pod(String restartPolicy, String... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u-1").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).endSpec();
        for (String c : containers) {
            b.editSpec().addNewContainer().withName(c).withImage("img").endContainer().endSpec();
        }
        return b.build();
    }

    private static ContainerRecord running(String name, int attempt, boolean ready) {
        ContainerRecord c = new ContainerRecord(name, "id-" + name + attempt, attempt, false, Path.of("/tmp/x"),
                new ContainerStatus("id-" + name, "sb", Map.of(), ContainerStatus.State.RUNNING, 1,
                        Optional.of(Instant.parse("2026-11-24T09:59:00.123Z")), Optional.empty(), Optional.empty(), Optional.empty()));
        c.ready = ready;
        c.started = true;
        return c;
    }

    private static ContainerRecord exited(String name, int attempt, int code, String reason) {
        return new ContainerRecord(name, "id-" + name + attempt, attempt, false, Path.of("/tmp/x"),
                new ContainerStatus("id-" + name, "sb", Map.of(), ContainerStatus.State.EXITED, 1,
                        Optional.of(Instant.parse("2026-11-24T09:59:00Z")), Optional.of(Instant.parse("2026-11-24T09:59:30Z")),
                        Optional.of(code), Optional.of(reason)));
    }

    private PodRecord record(Pod pod) {
        PodRecord r = new PodRecord("u-1", pod, new RestartBackoff(PodSyncerConfig.KUBELET_BACKOFF));
        r.sandbox = new Sandbox("sb", Map.of(), Optional.of("10.42.0.5"), false);
        r.podIp = "10.42.0.5";
        return r;
    }

    @Test
    void aPodWithEveryContainerReadyIsRunningAndReady() {
        PodRecord r = record(pod("Always", "a", "b"));
        r.current.put("a", running("a", 0, true));
        r.current.put("b", running("b", 2, true));
        PodStatus s = builder.build(r, now);
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(s.getPodIP()).isEqualTo("10.42.0.5");
        assertThat(s.getHostIP()).isEqualTo("192.0.2.10");
        assertThat(s.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(s.getContainerStatuses().get(1).getRestartCount()).isEqualTo(2);
        assertThat(s.getContainerStatuses().get(0).getState().getRunning().getStartedAt()).isEqualTo("2026-11-24T09:59:00Z");
        assertThat(s.getQosClass()).isEqualTo("BestEffort");
    }

    @Test
    void anUnreadyContainerIsNamedInTheReadyCondition() {
        PodRecord r = record(pod("Always", "a", "b"));
        r.current.put("a", running("a", 0, true));
        r.current.put("b", running("b", 0, false));
        PodStatus s = builder.build(r, now);
        assertThat(s.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("ContainersReady");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ContainersNotReady");
            assertThat(c.getMessage()).isEqualTo("containers with unready status: [b]");
        });
    }

    @Test
    void phaseFollowsTheRestartPolicyOnceContainersExit() {
        PodRecord never = record(pod("Never", "a", "b"));
        never.current.put("a", exited("a", 0, 0, "Completed"));
        never.current.put("b", exited("b", 0, 1, "Error"));
        assertThat(builder.build(never, now).getPhase()).isEqualTo("Failed");

        PodRecord done = record(pod("OnFailure", "a"));
        done.current.put("a", exited("a", 0, 0, "Completed"));
        assertThat(builder.build(done, now).getPhase()).isEqualTo("Succeeded");
        assertThat(builder.build(done, now).getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getReason()).isEqualTo("PodCompleted");
        });
    }

    @Test
    void aCrashLoopingContainerWaitsWithItsLastExitAsLastState() {
        PodRecord r = record(pod("Always", "a"));
        r.current.put("a", exited("a", 3, 2, "Error"));
        r.waitingReason.put("a", "CrashLoopBackOff");
        r.waitingMessage.put("a", "back-off 40s restarting failed container=a pod=p_ns(u-1)");
        PodStatus s = builder.build(r, now);
        var cs = s.getContainerStatuses().get(0);
        assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(2);
        assertThat(cs.getRestartCount()).isEqualTo(3);
        assertThat(s.getPhase()).isEqualTo("Running");
    }

    @Test
    void qosClassFollowsRequestsAndLimits() {
        Pod guaranteed = pod("Always", "a");
        guaranteed.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("64Mi"))).build());
        assertThat(PodStatusBuilder.qosClass(guaranteed)).isEqualTo("Guaranteed");
        Pod burstable = pod("Always", "a");
        burstable.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .withRequests(Map.of("memory", new Quantity("64Mi"))).build());
        assertThat(PodStatusBuilder.qosClass(burstable)).isEqualTo("Burstable");
    }
}
