/**
 * The patch semantics of Kubernetes types: which lists merge by which key, which objects are atomic, per field,
 * reached from each kind's root type. {@link io.tugboat.api.patch.schema.KubernetesSchema} is the built-in table.
 */
package io.tugboat.api.patch.schema;
