package io.tugboat.apiserver.protobuf;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tugboat.api.errors.StatusException;

/**
 * Turns a request body in Kubernetes' protobuf wire form ({@value #MEDIA_TYPE}) into the JSON object a Go
 * client would have sent for the same object, so the rest of the server only ever handles JSON.
 *
 * <p>kubectl's typed clients ({@code kubectl create deployment|namespace|configmap|secret|service|job|role ...})
 * send protobuf bodies; apply, run and the rest send JSON. The body is the envelope
 * {@code "k8s\0"} + {@code runtime.Unknown} (see {@link Envelope}); the object inside is decoded with the
 * message type Kubernetes registers for the envelope's apiVersion and kind ({@link KindIndex}) and walked
 * into JSON by {@link MessageJson}.
 *
 * <p>An instance builds its type index once and is then immutable and safe to share between threads.
 */
public final class ProtobufDecoder {

    /** The Content-Type of protobuf request bodies. */
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    /**
     * How deep objects may nest inside each other's RawExtension fields. Kubernetes objects nest one or two
     * levels (a List of objects, a WatchEvent); the bound only stops a crafted body from exhausting the stack.
     */
    private static final int MAX_EMBEDDING_DEPTH = 8;

    private final KindIndex kinds;
    private final GoFieldRules rules;
    /** Embedded JSON (managedFields, RawExtension) is read strictly: a duplicate key is malformed, not last-wins. */
    private final ObjectReader embeddedJson = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .reader();

    /** A decoder for the Kubernetes API types bundled with Tugboat. */
    public ProtobufDecoder() {
        this(KubernetesProtoFiles.all());
    }

    ProtobufDecoder(KubernetesProtoFiles files) {
        this.kinds = new KindIndex(files.files());
        this.rules = new GoFieldRules(kinds);
    }

    /**
     * Decodes one protobuf request body.
     *
     * @return the object as Kubernetes' JSON, apiVersion and kind included
     * @throws StatusException 400 BadRequest when the body is not a Kubernetes protobuf object, names a kind
     *                         this server has no protobuf schema for, or does not parse as that kind
     */
    public ObjectNode decode(byte[] body) {
        return decode(body, 0);
    }

    private ObjectNode decode(byte[] body, int depth) {
        if (depth > MAX_EMBEDDING_DEPTH) {
            throw StatusException.badRequest("the protobuf body nests objects more than " + MAX_EMBEDDING_DEPTH + " levels deep");
        }
        Envelope envelope = Envelope.parse(body);
        Descriptor type = kinds.find(envelope.apiVersion(), envelope.kind())
                .orElseThrow(() -> StatusException.badRequest("no kind \"" + envelope.kind()
                        + "\" is registered for version \"" + envelope.apiVersion() + "\" in the protobuf schema"));
        DynamicMessage object;
        try {
            object = DynamicMessage.parseFrom(type, envelope.raw());
        } catch (InvalidProtocolBufferException e) {
            throw StatusException.badRequest("the protobuf body is not a valid " + envelope.kind() + " ("
                    + envelope.apiVersion() + "): " + e.getMessage());
        }
        MessageJson json = new MessageJson(rules, embeddedJson, embedded -> decode(embedded, depth + 1));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        // Kubernetes' JSON puts the type first; the protobuf message itself has no TypeMeta fields.
        out.put("apiVersion", envelope.apiVersion());
        out.put("kind", envelope.kind());
        out.setAll(json.object(object));
        return out;
    }
}
