package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.NOW;
import static io.tugboat.apiserver.tables.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EventPrinterTest {

    private final EventPrinter printer = new EventPrinter();

    @Test
    void kubeletEvent() {
        ObjectNode e = json("""
                {"apiVersion":"v1","kind":"Event",
                 "metadata":{"name":"web-0.181a2b3c4d5e6f70","namespace":"default",
                             "creationTimestamp":"2025-01-10T11:50:00Z"},
                 "involvedObject":{"kind":"Pod","namespace":"default","name":"web-0",
                                   "fieldPath":"spec.containers{web}","apiVersion":"v1"},
                 "reason":"BackOff","message":"Back-off restarting failed container web in pod web-0\\n",
                 "source":{"component":"kubelet","host":"node-1"},
                 "firstTimestamp":"2025-01-10T11:50:00Z","lastTimestamp":"2025-01-10T11:59:15Z",
                 "count":42,"type":"Warning"}""");
        assertThat(printer.cells(e, NOW)).containsExactly("45s", "Warning", "BackOff", "pod/web-0",
                "spec.containers{web}", "kubelet, node-1", "Back-off restarting failed container web in pod web-0",
                "10m", 42L, "web-0.181a2b3c4d5e6f70");
    }

    @Test
    void eventsApiEventUsesEventTimeSeriesAndReportingFields() {
        ObjectNode e = json("""
                {"metadata":{"name":"web.1","namespace":"default"},
                 "involvedObject":{"kind":"Deployment","name":"web"},
                 "reason":"ScalingReplicaSet","message":"Scaled up replica set web-7d4b9c to 3",
                 "eventTime":"2025-01-10T11:40:00.123456Z",
                 "series":{"count":3,"lastObservedTime":"2025-01-10T11:58:00.000000Z"},
                 "reportingComponent":"deployment-controller","reportingInstance":"",
                 "type":"Normal"}""");
        assertThat(printer.cells(e, NOW)).containsExactly("2m", "Normal", "ScalingReplicaSet", "deployment/web", "",
                "deployment-controller", "Scaled up replica set web-7d4b9c to 3", "19m", 3L, "web.1");
    }

    @Test
    void singletonWithoutTimestampsOrName() {
        ObjectNode e = json("""
                {"metadata":{"name":"x"},"involvedObject":{"kind":"Node"},"reason":"Starting","type":"Normal"}""");
        assertThat(printer.cells(e, NOW)).containsExactly("<unknown>", "Normal", "Starting", "node", "", "", "",
                "<unknown>", 1L, "x");
    }

    @Test
    void columnsPutNameLastAndWide() {
        assertThat(printer.columns()).extracting(Column::name).containsExactly("Last Seen", "Type", "Reason", "Object",
                "Subobject", "Source", "Message", "First Seen", "Count", "Name");
        assertThat(printer.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 1, 1, 0, 1, 1, 1);
    }
}
