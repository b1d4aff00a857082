package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.NOW;
import static io.tugboat.apiserver.tables.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pods in the states kubectl users meet, with the cells a real cluster's printer gives them. */
class PodPrinterTest {

    private final PodPrinter printer = new PodPrinter();

    private static final String ONE_CONTAINER = """
            {"containers":[{"name":"web","image":"nginx:1.27"}],"nodeName":"node-1"}""";

    private static final String TWO_INITS = """
            {"initContainers":[{"name":"migrate","image":"app:1"},{"name":"warm","image":"app:1"}],
             "containers":[{"name":"app","image":"app:1"}],"nodeName":"node-1"}""";

    /** A pod created 2025-01-10T11:55:00Z, five minutes before NOW. */
    private static ObjectNode pod(String metadataExtra, String spec, String status) {
        return json("""
                {"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"web-7d4b9c","namespace":"default",
                             "creationTimestamp":"2025-01-10T11:55:00Z"%s},
                 "spec":%s,
                 "status":%s}
                """.formatted(metadataExtra, spec, status));
    }

    private static ObjectNode pod(String spec, String status) {
        return pod("", spec, status);
    }

    /** NAME READY STATUS RESTARTS AGE. */
    private List<Object> narrow(ObjectNode pod) {
        return printer.cells(pod, NOW).subList(0, 5);
    }

    @Test
    void running() {
        ObjectNode p = pod(ONE_CONTAINER, """
                {"phase":"Running","podIP":"10.42.0.7","podIPs":[{"ip":"10.42.0.7"}],
                 "conditions":[{"type":"Ready","status":"True"}],
                 "containerStatuses":[{"name":"web","ready":true,"started":true,"restartCount":0,
                   "state":{"running":{"startedAt":"2025-01-10T11:55:03Z"}}}]}""");
        assertThat(printer.cells(p, NOW))
                .containsExactly("web-7d4b9c", "1/1", "Running", "0", "5m", "10.42.0.7", "node-1", "<none>", "<none>");
    }

    @Test
    void pendingBeforeScheduling() {
        ObjectNode p = pod("""
                {"containers":[{"name":"web","image":"nginx"}]}""", """
                {"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable"}]}""");
        assertThat(printer.cells(p, NOW))
                .containsExactly("web-7d4b9c", "0/1", "Pending", "0", "5m", "<none>", "<none>", "<none>", "<none>");
    }

    @Test
    void containerCreating() {
        ObjectNode p = pod(ONE_CONTAINER, """
                {"phase":"Pending","containerStatuses":[{"name":"web","ready":false,"restartCount":0,
                   "state":{"waiting":{"reason":"ContainerCreating"}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/1", "ContainerCreating", "0", "5m");
    }

    @Test
    void crashLoopBackOffShowsWhenTheLastRestartWas() {
        ObjectNode p = pod(ONE_CONTAINER, """
                {"phase":"Running","containerStatuses":[{"name":"web","ready":false,"restartCount":5,
                   "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 2m40s"}},
                   "lastState":{"terminated":{"exitCode":1,"reason":"Error",
                     "startedAt":"2025-01-10T11:57:20Z","finishedAt":"2025-01-10T11:57:30Z"}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/1", "CrashLoopBackOff", "5 (2m30s ago)", "5m");
    }

    @Test
    void restartsWithoutAKnownFinishTimeHaveNoSuffix() {
        ObjectNode p = pod(ONE_CONTAINER, """
                {"phase":"Running","containerStatuses":[{"name":"web","ready":true,"restartCount":2,
                   "state":{"running":{}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "1/1", "Running", "2", "5m");
    }

    @Test
    void completed() {
        ObjectNode p = pod(ONE_CONTAINER, """
                {"phase":"Succeeded","containerStatuses":[{"name":"web","ready":false,"restartCount":0,
                   "state":{"terminated":{"exitCode":0,"reason":"Completed","finishedAt":"2025-01-10T11:56:00Z"}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/1", "Completed", "0", "5m");
    }

    @Test
    void error() {
        ObjectNode p = pod(ONE_CONTAINER, """
                {"phase":"Failed","containerStatuses":[{"name":"web","ready":false,"restartCount":0,
                   "state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/1", "Error", "0", "5m");
    }

    @Test
    void oomKilled() {
        ObjectNode p = pod(ONE_CONTAINER, """
                {"phase":"Running","containerStatuses":[{"name":"web","ready":false,"restartCount":1,
                   "state":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"2025-01-10T11:59:50Z"}},
                   "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"2025-01-10T11:58:00Z"}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/1", "OOMKilled", "1 (2m ago)", "5m");
    }

    @Test
    void terminatedWithoutReasonShowsSignalOrExitCode() {
        ObjectNode signalled = pod(ONE_CONTAINER, """
                {"phase":"Running","containerStatuses":[{"name":"web","restartCount":0,
                   "state":{"terminated":{"exitCode":137,"signal":9}}}]}""");
        ObjectNode exited = pod(ONE_CONTAINER, """
                {"phase":"Running","containerStatuses":[{"name":"web","restartCount":0,
                   "state":{"terminated":{"exitCode":3}}}]}""");
        assertThat(narrow(signalled).get(2)).isEqualTo("Signal:9");
        assertThat(narrow(exited).get(2)).isEqualTo("ExitCode:3");
    }

    @Test
    void firstContainerDecidesTheStatus() {
        ObjectNode p = pod("""
                {"containers":[{"name":"app","image":"app"},{"name":"proxy","image":"envoy"}]}""", """
                {"phase":"Running","containerStatuses":[
                   {"name":"app","ready":false,"restartCount":1,"state":{"waiting":{"reason":"ImagePullBackOff"}}},
                   {"name":"proxy","ready":true,"restartCount":0,"state":{"running":{}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "1/2", "ImagePullBackOff", "1", "5m");
    }

    @Test
    void aCompletedContainerBesideARunningOneIsNotReadyOrRunning() {
        String spec = """
                {"containers":[{"name":"job","image":"app"},{"name":"sidecar","image":"envoy"}]}""";
        String statuses = """
                "containerStatuses":[
                   {"name":"job","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
                   {"name":"sidecar","ready":true,"restartCount":0,"state":{"running":{}}}]""";
        ObjectNode notReady = pod(spec, "{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}],"
                + statuses + "}");
        ObjectNode ready = pod(spec, "{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
                + statuses + "}");
        assertThat(narrow(notReady)).containsExactly("web-7d4b9c", "1/2", "NotReady", "0", "5m");
        assertThat(narrow(ready)).containsExactly("web-7d4b9c", "1/2", "Running", "0", "5m");
    }

    @Test
    void terminatingWhileDeleting() {
        ObjectNode p = pod(",\"deletionTimestamp\":\"2025-01-10T11:59:30Z\",\"deletionGracePeriodSeconds\":30",
                ONE_CONTAINER, """
                {"phase":"Running","containerStatuses":[{"name":"web","ready":true,"restartCount":0,
                   "state":{"running":{}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "1/1", "Terminating", "0", "5m");
    }

    @Test
    void aFinishedPodBeingDeletedKeepsItsStatus() {
        ObjectNode p = pod(",\"deletionTimestamp\":\"2025-01-10T11:59:30Z\"", ONE_CONTAINER, """
                {"phase":"Succeeded","containerStatuses":[{"name":"web","restartCount":0,
                   "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}""");
        assertThat(narrow(p).get(2)).isEqualTo("Completed");
    }

    @Test
    void podOfALostNodeIsUnknown() {
        ObjectNode p = pod(",\"deletionTimestamp\":\"2025-01-10T11:59:30Z\"", ONE_CONTAINER, """
                {"phase":"Running","reason":"NodeLost","containerStatuses":[{"name":"web","ready":true,
                   "restartCount":0,"state":{"running":{}}}]}""");
        assertThat(narrow(p).get(2)).isEqualTo("Unknown");
    }

    @Test
    void evictedShowsTheStatusReason() {
        ObjectNode p = pod(ONE_CONTAINER, """
                {"phase":"Failed","reason":"Evicted","message":"The node was low on resource: memory."}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/1", "Evicted", "0", "5m");
    }

    @Test
    void schedulingGated() {
        ObjectNode p = pod("""
                {"schedulingGates":[{"name":"example.com/quota"}],"containers":[{"name":"web","image":"nginx"}]}""", """
                {"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}""");
        assertThat(narrow(p).get(2)).isEqualTo("SchedulingGated");
    }

    @Test
    void firstInitContainerRunning() {
        ObjectNode p = pod(TWO_INITS, """
                {"phase":"Pending","conditions":[{"type":"Initialized","status":"False"}],
                 "initContainerStatuses":[
                   {"name":"migrate","ready":false,"restartCount":0,"state":{"running":{}}},
                   {"name":"warm","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}],
                 "containerStatuses":[{"name":"app","ready":false,"restartCount":0,
                   "state":{"waiting":{"reason":"PodInitializing"}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/1", "Init:0/2", "0", "5m");
    }

    @Test
    void secondInitContainerRunning() {
        ObjectNode p = pod(TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                   {"name":"migrate","restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
                   {"name":"warm","restartCount":0,"state":{"running":{}}}]}""");
        assertThat(narrow(p).get(2)).isEqualTo("Init:1/2");
    }

    @Test
    void initContainerCrashLooping() {
        ObjectNode p = pod(TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                   {"name":"migrate","restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                    "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2025-01-10T11:59:20Z"}}},
                   {"name":"warm","restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/1", "Init:CrashLoopBackOff", "3 (40s ago)", "5m");
    }

    @Test
    void initContainerFailed() {
        ObjectNode withReason = pod(TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                   {"name":"migrate","restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}""");
        ObjectNode withExitCode = pod(TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                   {"name":"migrate","restartCount":0,"state":{"terminated":{"exitCode":2}}}]}""");
        ObjectNode withSignal = pod(TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                   {"name":"migrate","restartCount":0,"state":{"terminated":{"exitCode":137,"signal":9}}}]}""");
        assertThat(narrow(withReason).get(2)).isEqualTo("Init:Error");
        assertThat(narrow(withExitCode).get(2)).isEqualTo("Init:ExitCode:2");
        assertThat(narrow(withSignal).get(2)).isEqualTo("Init:Signal:9");
    }

    @Test
    void initRestartsStopCountingOnceInitialised() {
        ObjectNode p = pod(TWO_INITS, """
                {"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
                 "initContainerStatuses":[
                   {"name":"migrate","restartCount":2,"state":{"terminated":{"exitCode":0,"reason":"Completed"}},
                    "lastState":{"terminated":{"exitCode":1,"finishedAt":"2025-01-10T11:56:00Z"}}},
                   {"name":"warm","restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}],
                 "containerStatuses":[{"name":"app","ready":true,"restartCount":1,"state":{"running":{}},
                   "lastState":{"terminated":{"exitCode":1,"finishedAt":"2025-01-10T11:59:00Z"}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "1/1", "Running", "1 (60s ago)", "5m");
    }

    @Test
    void sidecarsCountAsContainers() {
        ObjectNode p = pod("""
                {"initContainers":[{"name":"log-shipper","image":"fluent-bit","restartPolicy":"Always"}],
                 "containers":[{"name":"app","image":"app:1"}]}""", """
                {"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
                 "initContainerStatuses":[{"name":"log-shipper","ready":true,"started":true,"restartCount":1,
                   "state":{"running":{}},
                   "lastState":{"terminated":{"exitCode":1,"finishedAt":"2025-01-10T11:58:00Z"}}}],
                 "containerStatuses":[{"name":"app","ready":true,"started":true,"restartCount":0,"state":{"running":{}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "2/2", "Running", "1 (2m ago)", "5m");
    }

    @Test
    void sidecarNotYetStartedHoldsInitialisation() {
        ObjectNode p = pod("""
                {"initContainers":[{"name":"log-shipper","image":"fluent-bit","restartPolicy":"Always"}],
                 "containers":[{"name":"app","image":"app:1"}]}""", """
                {"phase":"Pending","initContainerStatuses":[{"name":"log-shipper","ready":false,"started":false,
                   "restartCount":0,"state":{"running":{}}}]}""");
        assertThat(narrow(p)).containsExactly("web-7d4b9c", "0/2", "Init:0/1", "0", "5m");
    }

    @Test
    void wideCells() {
        ObjectNode p = pod("""
                {"containers":[{"name":"web","image":"nginx"}],"nodeName":"node-2",
                 "readinessGates":[{"conditionType":"example.com/lb"},{"conditionType":"example.com/dns"}]}""", """
                {"phase":"Running","nominatedNodeName":"node-3","podIP":"10.42.1.9",
                 "conditions":[{"type":"example.com/lb","status":"True"},{"type":"example.com/dns","status":"False"}],
                 "containerStatuses":[{"name":"web","ready":true,"restartCount":0,"state":{"running":{}}}]}""");
        assertThat(printer.cells(p, NOW).subList(5, 9)).containsExactly("10.42.1.9", "node-2", "node-3", "1/2");
    }

    @Test
    void missingCreationTimestampIsUnknown() {
        ObjectNode p = json("""
                {"metadata":{"name":"bare"},"spec":{"containers":[{"name":"c"}]},"status":{"phase":"Pending"}}""");
        assertThat(narrow(p)).containsExactly("bare", "0/1", "Pending", "0", "<unknown>");
    }

    @Test
    void columns() {
        assertThat(printer.columns()).extracting(Column::name).containsExactly(
                "Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(printer.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(printer.columns().get(0).format()).isEqualTo("name");
    }
}
