package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.NOW;
import static io.tugboat.apiserver.tables.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class WorkloadPrintersTest {

    private static final String TEMPLATE = """
            {"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"proxy","image":"envoy:v1.31"}]}}""";

    @Test
    void deployment() {
        ObjectNode d = json("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"default","creationTimestamp":"2025-01-10T11:45:00Z","generation":2},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":%s},
                 "status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}}
                """.formatted(TEMPLATE));
        assertThat(new DeploymentPrinter().cells(d, NOW))
                .containsExactly("web", "2/3", 3L, 2L, "15m", "web,proxy", "nginx:1.27,envoy:v1.31", "app=web");
    }

    @Test
    void freshDeploymentWithoutStatus() {
        ObjectNode d = json("""
                {"metadata":{"name":"web","creationTimestamp":"2025-01-10T11:59:58Z"},
                 "spec":{"selector":{},"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}""");
        assertThat(new DeploymentPrinter().cells(d, NOW))
                .containsExactly("web", "0/1", 0L, 0L, "2s", "web", "nginx", "");
    }

    @Test
    void replicaSet() {
        ObjectNode rs = json("""
                {"apiVersion":"apps/v1","kind":"ReplicaSet",
                 "metadata":{"name":"web-7d4b9c","namespace":"default","creationTimestamp":"2025-01-10T11:45:00Z"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","pod-template-hash":"7d4b9c"}},"template":%s},
                 "status":{"replicas":3,"fullyLabeledReplicas":3,"readyReplicas":1,"availableReplicas":1}}
                """.formatted(TEMPLATE));
        assertThat(new ReplicaSetPrinter().cells(rs, NOW)).containsExactly("web-7d4b9c", 3L, 3L, 1L, "15m",
                "web,proxy", "nginx:1.27,envoy:v1.31", "app=web,pod-template-hash=7d4b9c");
    }

    @Test
    void statefulSet() {
        ObjectNode sts = json("""
                {"apiVersion":"apps/v1","kind":"StatefulSet",
                 "metadata":{"name":"db","namespace":"default","creationTimestamp":"2025-01-03T12:00:00Z"},
                 "spec":{"replicas":3,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
                         "template":{"spec":{"containers":[{"name":"postgres","image":"postgres:17"}]}}},
                 "status":{"replicas":3,"readyReplicas":3,"currentReplicas":3}}""");
        assertThat(new StatefulSetPrinter().cells(sts, NOW)).containsExactly("db", "3/3", "7d", "postgres", "postgres:17");
    }

    @Test
    void daemonSet() {
        ObjectNode ds = json("""
                {"apiVersion":"apps/v1","kind":"DaemonSet",
                 "metadata":{"name":"proxy","namespace":"kube-system","creationTimestamp":"2024-12-01T12:00:00Z"},
                 "spec":{"selector":{"matchLabels":{"k8s-app":"proxy"}},
                         "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},
                                             "containers":[{"name":"proxy","image":"tugboat/proxy:0.1"}]}}},
                 "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,
                           "updatedNumberScheduled":3,"numberAvailable":2}}""");
        assertThat(new DaemonSetPrinter().cells(ds, NOW)).containsExactly("proxy", 3L, 3L, 2L, 3L, 2L,
                "kubernetes.io/os=linux", "40d", "proxy", "tugboat/proxy:0.1", "k8s-app=proxy");
    }

    @Test
    void completedJob() {
        ObjectNode job = json("""
                {"apiVersion":"batch/v1","kind":"Job",
                 "metadata":{"name":"pi","namespace":"default","creationTimestamp":"2025-01-10T11:50:00Z"},
                 "spec":{"completions":1,"parallelism":1,
                         "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"5c1d"}},
                         "template":{"spec":{"containers":[{"name":"pi","image":"perl:5.34"}],"restartPolicy":"Never"}}},
                 "status":{"startTime":"2025-01-10T11:50:00Z","completionTime":"2025-01-10T11:50:42Z","succeeded":1,
                   "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}""");
        assertThat(new JobPrinter().cells(job, NOW)).containsExactly("pi", "Complete", "1/1", "42s", "10m",
                "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=5c1d");
    }

    @Test
    void runningFailedSuspendedAndTerminatingJobs() {
        String spec = """
                "spec":{"parallelism":4,"template":{"spec":{"containers":[{"name":"w","image":"busybox"}]}}}""";
        ObjectNode running = json("""
                {"metadata":{"name":"work","creationTimestamp":"2025-01-10T11:50:00Z"},%s,
                 "status":{"startTime":"2025-01-10T11:55:00Z","active":4,"succeeded":0}}""".formatted(spec));
        assertThat(new JobPrinter().cells(running, NOW).subList(0, 5))
                .containsExactly("work", "Running", "0/1 of 4", "5m", "10m");

        ObjectNode failed = json("""
                {"metadata":{"name":"work"},%s,
                 "status":{"conditions":[{"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}]}}"""
                .formatted(spec));
        assertThat(new JobPrinter().cells(failed, NOW).subList(1, 4)).containsExactly("Failed", "0/1 of 4", "");

        ObjectNode suspended = json("""
                {"metadata":{"name":"work"},"spec":{"completions":5,"suspend":true},
                 "status":{"conditions":[{"type":"Suspended","status":"True"}]}}""");
        assertThat(new JobPrinter().cells(suspended, NOW).subList(1, 3)).containsExactly("Suspended", "0/5");

        ObjectNode terminating = json("""
                {"metadata":{"name":"work","deletionTimestamp":"2025-01-10T11:59:00Z"},"spec":{"completions":1},
                 "status":{"conditions":[{"type":"Suspended","status":"True"}]}}""");
        assertThat(new JobPrinter().cells(terminating, NOW).get(1)).isEqualTo("Terminating");
    }

    @Test
    void cronJob() {
        ObjectNode cj = json("""
                {"apiVersion":"batch/v1","kind":"CronJob",
                 "metadata":{"name":"backup","namespace":"default","creationTimestamp":"2024-11-01T12:00:00Z"},
                 "spec":{"schedule":"0 3 * * *","suspend":false,"concurrencyPolicy":"Forbid",
                         "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"backup","image":"restic:0.17"}]}}}}},
                 "status":{"active":[{"kind":"Job","name":"backup-28940000"}],"lastScheduleTime":"2025-01-10T03:00:00Z"}}""");
        assertThat(new CronJobPrinter().cells(cj, NOW)).containsExactly("backup", "0 3 * * *", "<none>", "False", 1L,
                "9h", "70d", "backup", "restic:0.17", "<none>");
    }

    @Test
    void cronJobNeverScheduledWithTimeZone() {
        ObjectNode cj = json("""
                {"metadata":{"name":"report","creationTimestamp":"2025-01-10T11:00:00Z"},
                 "spec":{"schedule":"@hourly","timeZone":"Europe/Paris","suspend":true,"jobTemplate":{"spec":{}}}}""");
        assertThat(new CronJobPrinter().cells(cj, NOW).subList(0, 7))
                .containsExactly("report", "@hourly", "Europe/Paris", "True", 0L, "<none>", "60m");
    }
}
