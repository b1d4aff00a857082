package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Job controller against a real `tug up`, driven with kubectl: completions with parallelism, backoffLimit, activeDeadlineSeconds. */
class JobControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    private static String job(String name, String spec, String command) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: %s, namespace: jobs}
                spec:
                %s
                  template:
                    spec:
                      nodeName: %s
                      restartPolicy: Never
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: busybox
                        command: %s
                """.formatted(name, spec.indent(2).stripTrailing(), TugCluster.NODE_NAME, command);
    }

    private static Job get(String name) {
        return tug.client().batch().v1().jobs().inNamespace("jobs").withName(name).get();
    }

    private static List<Pod> pods(String name) {
        return tug.client().pods().inNamespace("jobs").withLabel("job-name", name).list().getItems();
    }

    private static String condition(Job j, String type) {
        return j.getStatus().getConditions().stream().filter(c -> c.getType().equals(type) && c.getStatus().equals("True"))
                .map(c -> c.getReason() == null ? "" : c.getReason()).findFirst().orElse(null);
    }

    @Test
    void completesWithParallelismAndFailsAtItsLimits() {
        tug.cluster().createNamespace("jobs");
        tug.cluster().apply(job("ok", "completions: 4\nparallelism: 2", "[\"sh\", \"-c\", \"sleep 1\"]"));
        tug.cluster().apply(job("bad", "backoffLimit: 1", "[\"sh\", \"-c\", \"exit 3\"]"));
        tug.cluster().apply(job("slow", "activeDeadlineSeconds: 3", "[\"sleep\", \"100000\"]"));

        tug.cluster().kubectl("wait", "--for=condition=complete", "job/ok", "-n", "jobs", "--timeout=90s").assertOk();
        Job ok = get("ok");
        assertThat(ok.getStatus().getSucceeded()).isEqualTo(4);
        assertThat(ok.getStatus().getActive()).isZero();
        assertThat(ok.getStatus().getCompletionTime()).isNotNull();
        assertThat(pods("ok")).hasSize(4);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertThat(condition(get("bad"), "Failed")).isEqualTo("BackoffLimitExceeded"));
        assertThat(get("bad").getStatus().getFailed()).isEqualTo(2);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertThat(condition(get("slow"), "Failed")).isEqualTo("DeadlineExceeded"));
        await().atMost(WAIT).until(() -> pods("slow").stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
    }
}
