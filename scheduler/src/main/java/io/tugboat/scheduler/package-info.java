/** scheduler. */
package io.tugboat.scheduler;
