package io.tugboat.controllers.endpoints;

/**
 * An EndpointSlice this controller manages for a service, as the informer has it.
 *
 * @param owned whether its controller reference is the service as it is now (not an older service of that name)
 */
public record CurrentSlice(String name, boolean owned, SliceContent content) {
}
