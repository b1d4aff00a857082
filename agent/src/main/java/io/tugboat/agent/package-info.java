/** agent. */
package io.tugboat.agent;
