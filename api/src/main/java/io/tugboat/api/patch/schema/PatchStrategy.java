package io.tugboat.api.patch.schema;

/**
 * A field's {@code patchStrategy} struct tag, as strategic merge patch reads it. {@link #DEFAULT} means no tag:
 * maps are merged key by key and lists are replaced whole.
 */
public enum PatchStrategy {
    DEFAULT,
    /** Lists are merged by their merge key (or as a set, for primitives). */
    MERGE,
    /** The value is replaced whole, even for maps. */
    REPLACE
}
