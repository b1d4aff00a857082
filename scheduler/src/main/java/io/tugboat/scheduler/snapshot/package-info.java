/**
 * The immutable cluster view the scheduler reads: nodes and pods converted once (quantities to longs,
 * selectors and affinity terms compiled), per-node sums, and persistent indexes so that a snapshot derived
 * after a placement shares almost all of its parent.
 */
package io.tugboat.scheduler.snapshot;
