package io.tugboat.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kubernetes.client.proto.Runtime;
import io.tugboat.api.errors.StatusException;

/**
 * The frame around every Kubernetes protobuf object: the four bytes {@code k8s\0}, then a
 * {@code runtime.Unknown} message whose typeMeta names the object's apiVersion and kind and whose raw field
 * holds the object's own protobuf encoding.
 *
 * @param raw the object's message bytes, to be parsed with the type apiVersion and kind select
 */
record Envelope(String apiVersion, String kind, ByteString raw) {

    /** The prefix Kubernetes writes before the Unknown message, so a reader can tell protobuf from JSON. */
    static final byte[] MAGIC = {'k', '8', 's', 0};

    static boolean hasMagic(byte[] body) {
        if (body == null || body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static Envelope parse(byte[] body) {
        if (!hasMagic(body)) {
            throw StatusException.badRequest("the protobuf body does not start with the Kubernetes prefix \"k8s\\x00\"");
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parser().parseFrom(body, MAGIC.length, body.length - MAGIC.length);
        } catch (InvalidProtocolBufferException e) {
            throw StatusException.badRequest("the protobuf body is not a Kubernetes runtime.Unknown envelope: " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw StatusException.badRequest("the protobuf body does not name its apiVersion and kind (got apiVersion \""
                    + apiVersion + "\", kind \"" + kind + "\")");
        }
        // Kubernetes itself never compresses raw, and a raw that is not protobuf cannot be parsed as a message.
        if (!unknown.getContentEncoding().isEmpty()) {
            throw StatusException.badRequest("the protobuf body uses content encoding \"" + unknown.getContentEncoding()
                    + "\"; only unencoded objects are supported");
        }
        String contentType = unknown.getContentType();
        if (!contentType.isEmpty() && !contentType.equals(ProtobufDecoder.MEDIA_TYPE)) {
            throw StatusException.badRequest("the protobuf envelope holds content of type \"" + contentType
                    + "\"; only " + ProtobufDecoder.MEDIA_TYPE + " is supported");
        }
        return new Envelope(apiVersion, kind, unknown.getRaw());
    }
}
