package io.tugboat.apiserver.protobuf;

import static io.tugboat.apiserver.protobuf.Bodies.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.tugboat.api.errors.StatusException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every way a body can be wrong ends in a 400 Status that says what is wrong, never in another exception. */
class MalformedBodiesTest {

    private final ProtobufDecoder decoder = new ProtobufDecoder();

    private AbstractThrowableAssert<?, ? extends Throwable> decoding(byte[] body) {
        return assertThatThrownBy(() -> decoder.decode(body))
                .isInstanceOf(StatusException.class)
                .satisfies(e -> {
                    StatusException status = (StatusException) e;
                    assertThat(status.code()).isEqualTo(400);
                    assertThat(status.reason()).isEqualTo("BadRequest");
                });
    }

    private static V1.ConfigMap configMap() {
        return V1.ConfigMap.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("x")).build();
    }

    @Test
    void jsonIsNotProtobuf() {
        decoding("{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8)).hasMessageContaining("k8s\\x00");
    }

    @Test
    void emptyBody() {
        decoding(new byte[0]).hasMessageContaining("prefix");
    }

    @Test
    void truncatedEnvelope() {
        byte[] body = envelope("v1", "ConfigMap", configMap());
        decoding(Arrays.copyOf(body, body.length - 3)).hasMessageContaining("runtime.Unknown");
    }

    @Test
    void garbageObject() {
        byte[] body = envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                .setRaw(ByteString.copyFrom(new byte[] {0x0a, 0x7f, 0x01}))
                .build());
        decoding(body).hasMessageContaining("not a valid ConfigMap (v1)");
    }

    @Test
    void unknownKind() {
        decoding(envelope("v1", "Widget", configMap()))
                .hasMessage("no kind \"Widget\" is registered for version \"v1\" in the protobuf schema");
    }

    @Test
    void customGroupNeverBorrowsABuiltInSchema() {
        decoding(envelope("apps.example.com/v1", "Deployment", configMap())).hasMessageContaining("apps.example.com/v1");
    }

    @Test
    void missingKind() {
        byte[] body = envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1"))
                .setRaw(configMap().toByteString())
                .build());
        decoding(body).hasMessageContaining("does not name its apiVersion and kind");
    }

    @Test
    void compressedContent() {
        byte[] body = envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                .setRaw(configMap().toByteString())
                .setContentEncoding("gzip")
                .build());
        decoding(body).hasMessageContaining("gzip");
    }

    @Test
    void jsonInsideTheEnvelope() {
        byte[] body = envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                .setRaw(ByteString.copyFromUtf8("{}"))
                .setContentType("application/json")
                .build());
        decoding(body).hasMessageContaining("application/json");
    }

    @Test
    void intOrStringOfNoKnownType() {
        V1.Service service = V1.Service.newBuilder()
                .setSpec(V1.ServiceSpec.newBuilder().addPorts(V1.ServicePort.newBuilder()
                        .setPort(80).setTargetPort(IntOrString.newBuilder().setType(7))))
                .build();
        decoding(envelope("v1", "Service", service)).hasMessageContaining("IntOrString has type 7");
    }

    @Test
    void managedFieldsThatAreNotJson() {
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
                        .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8("{\"f:a\":")))))
                .build();
        decoding(envelope("v1", "ConfigMap", configMap)).hasMessageContaining("fieldsV1 is not valid JSON");
    }

    @Test
    void timestampBeyondYear9999() {
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setCreationTimestamp(Meta.Time.newBuilder().setSeconds(Long.MAX_VALUE)))
                .build();
        decoding(envelope("v1", "ConfigMap", configMap)).hasMessageContaining("out of range");
    }

    @Test
    void timestampInYear10000() {
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setCreationTimestamp(Meta.Time.newBuilder().setSeconds(253_402_300_800L)))
                .build();
        decoding(envelope("v1", "ConfigMap", configMap)).hasMessageContaining("outside the years 0 to 9999");
    }

    @Test
    void objectsNestedWithoutEnd() {
        byte[] body = envelope("v1", "ConfigMap", configMap());
        for (int i = 0; i < 20; i++) {
            body = envelope("apps/v1", "ControllerRevision", V1Apps.ControllerRevision.newBuilder()
                    .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(body)))
                    .build());
        }
        decoding(body).hasMessageContaining("levels deep");
    }
}
