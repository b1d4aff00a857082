/**
 * Every patch type the Kubernetes API accepts, as pure functions over Jackson trees: {@link
 * io.tugboat.api.patch.JsonPatch} (RFC 6902), {@link io.tugboat.api.patch.MergePatch} (RFC 7386), {@link
 * io.tugboat.api.patch.StrategicMergePatch} (kubectl's client-side apply, edit and patch) and {@link
 * io.tugboat.api.patch.ServerSideApply} (apply with field ownership in {@code metadata.managedFields}). Failures are
 * {@link io.tugboat.api.patch.PatchException}s carrying the Kubernetes status they map to.
 */
package io.tugboat.api.patch;
