package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE;
 * wide: VOLUMEMODE.
 */
final class PersistentVolumePrinter implements KindPrinter {

    static final String UNSET = "<unset>";

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Capacity", "The storage capacity of the volume."),
            Columns.string("Access Modes", "All ways the volume can be mounted."),
            Columns.string("Reclaim Policy", "What happens to the volume when released from its claim."),
            Columns.string("Status", "The phase of the volume."),
            Columns.string("Claim", "The claim bound to this volume."),
            Columns.string("StorageClass", "StorageClass of the pv"),
            Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            Columns.string("Reason", "A brief CamelCase string that describes any failure."),
            Columns.AGE,
            Columns.string("VolumeMode", "Whether the volume is a formatted filesystem or a raw block device.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pv, Instant now) {
        JsonNode spec = pv.path("spec");
        JsonNode claim = spec.path("claimRef");
        String claimCell = claim.isObject() ? Fields.text(claim, "namespace") + "/" + Fields.text(claim, "name") : "";
        String phase = Fields.isDeleting(pv) ? "Terminating" : Fields.text(pv, "status", "phase");
        return List.of(
                Fields.name(pv),
                QuantityText.canonical(Fields.textOr("0", spec, "capacity", "storage")),
                AccessModes.format(spec.path("accessModes")),
                Fields.text(spec, "persistentVolumeReclaimPolicy"),
                phase,
                claimCell,
                StorageClassName.of(pv),
                Fields.textIfSet(UNSET, spec, "volumeAttributesClassName"),
                Fields.text(pv, "status", "reason"),
                Fields.age(pv, now),
                Fields.textIfSet(UNSET, spec, "volumeMode"));
    }
}
