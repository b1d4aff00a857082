package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE; wide: VOLUMEMODE. */
final class PersistentVolumeClaimPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Status", "The phase of the claim."),
            Columns.string("Volume", "The volume bound to this claim."),
            Columns.string("Capacity", "The capacity of the bound volume."),
            Columns.string("Access Modes", "The access modes of the bound volume."),
            Columns.string("StorageClass", "StorageClass of the pvc"),
            Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            Columns.AGE,
            Columns.string("VolumeMode", "Whether the claim wants a formatted filesystem or a raw block device.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pvc, Instant now) {
        JsonNode spec = pvc.path("spec");
        JsonNode status = pvc.path("status");
        String volume = Fields.text(spec, "volumeName");
        // Capacity and access modes describe the bound volume, so they stay blank until the claim is bound.
        String capacity = "";
        String accessModes = "";
        if (!volume.isEmpty()) {
            capacity = QuantityText.canonical(Fields.textOr("0", status, "capacity", "storage"));
            accessModes = AccessModes.format(status.path("accessModes"));
        }
        return List.of(
                Fields.name(pvc),
                Fields.isDeleting(pvc) ? "Terminating" : Fields.text(status, "phase"),
                volume,
                capacity,
                accessModes,
                StorageClassName.of(pvc),
                Fields.textIfSet(PersistentVolumePrinter.UNSET, spec, "volumeAttributesClassName"),
                Fields.age(pvc, now),
                Fields.textIfSet(PersistentVolumePrinter.UNSET, spec, "volumeMode"));
    }
}
