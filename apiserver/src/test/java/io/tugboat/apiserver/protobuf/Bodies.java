package io.tugboat.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.kubernetes.client.proto.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds request bodies the way Kubernetes' protobuf serializer frames them, and parses expected JSON. */
final class Bodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Bodies() {
    }

    static byte[] envelope(String apiVersion, String kind, MessageLite object) {
        return envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                // kubectl writes both strings, empty, as Go writes every non-pointer field.
                .setContentEncoding("")
                .setContentType("")
                .build());
    }

    static byte[] envelope(Runtime.Unknown unknown) {
        return frame(unknown.toByteString());
    }

    static byte[] frame(ByteString unknown) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Envelope.MAGIC);
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
