package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.NOW;
import static io.tugboat.apiserver.tables.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StoragePrintersTest {

    @Test
    void boundPersistentVolume() {
        ObjectNode pv = json("""
                {"apiVersion":"v1","kind":"PersistentVolume",
                 "metadata":{"name":"pv-data","creationTimestamp":"2025-01-09T12:00:00Z"},
                 "spec":{"capacity":{"storage":"10240Mi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],
                         "persistentVolumeReclaimPolicy":"Retain","storageClassName":"local",
                         "claimRef":{"kind":"PersistentVolumeClaim","namespace":"default","name":"data"},
                         "hostPath":{"path":"/srv/data"},"volumeMode":"Filesystem"},
                 "status":{"phase":"Bound"}}""");
        assertThat(new PersistentVolumePrinter().cells(pv, NOW)).containsExactly("pv-data", "10Gi", "RWO,RWX", "Retain",
                "Bound", "default/data", "local", "<unset>", "", "24h", "Filesystem");
    }

    @Test
    void releasedVolumeBeingDeletedWithBetaClassAnnotation() {
        ObjectNode pv = json("""
                {"metadata":{"name":"pv-old","creationTimestamp":"2025-01-10T11:00:00Z",
                   "deletionTimestamp":"2025-01-10T11:59:00Z",
                   "annotations":{"volume.beta.kubernetes.io/storage-class":"legacy"}},
                 "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadOnlyMany"],
                         "persistentVolumeReclaimPolicy":"Delete","storageClassName":"ignored"},
                 "status":{"phase":"Failed","reason":"VolumeFailedDelete"}}""");
        assertThat(new PersistentVolumePrinter().cells(pv, NOW)).containsExactly("pv-old", "1Gi", "ROX", "Delete",
                "Terminating", "", "legacy", "<unset>", "VolumeFailedDelete", "60m", "<unset>");
    }

    @Test
    void boundAndPendingClaims() {
        ObjectNode bound = json("""
                {"apiVersion":"v1","kind":"PersistentVolumeClaim",
                 "metadata":{"name":"data","namespace":"default","creationTimestamp":"2025-01-10T10:00:00Z"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"5Gi"}},
                         "storageClassName":"local","volumeName":"pv-data","volumeMode":"Filesystem"},
                 "status":{"phase":"Bound","accessModes":["ReadWriteOnce"],"capacity":{"storage":"10Gi"}}}""");
        assertThat(new PersistentVolumeClaimPrinter().cells(bound, NOW)).containsExactly("data", "Bound", "pv-data",
                "10Gi", "RWO", "local", "<unset>", "120m", "Filesystem");

        ObjectNode pending = json("""
                {"metadata":{"name":"cache","namespace":"default","creationTimestamp":"2025-01-10T11:59:00Z"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
                         "volumeAttributesClassName":"gold"},
                 "status":{"phase":"Pending"}}""");
        assertThat(new PersistentVolumeClaimPrinter().cells(pending, NOW))
                .containsExactly("cache", "Pending", "", "", "", "", "gold", "60s", "<unset>");
    }
}
