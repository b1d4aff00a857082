/** client. */
package io.tugboat.client;
