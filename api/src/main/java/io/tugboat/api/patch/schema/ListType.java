package io.tugboat.api.patch.schema;

/** A list's {@code x-kubernetes-list-type}, as server-side apply reads it to decide who owns what. */
public enum ListType {
    /** The list is one value: whoever sets it owns all of it. */
    ATOMIC,
    /** Items are identified by the list-map keys; each item and each of its fields has its own owner. */
    MAP,
    /** A list of unique primitives; each value has its own owner. */
    SET
}
