/**
 * Field ownership as Kubernetes records it: field paths and sets in structured-merge-diff's model, their FieldsV1
 * encoding, managedFields entries, and the walks over objects that server-side apply is built from.
 */
package io.tugboat.api.patch.managed;
