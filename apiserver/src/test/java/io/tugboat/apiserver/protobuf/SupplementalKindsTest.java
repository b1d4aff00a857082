package io.tugboat.apiserver.protobuf;

import static io.tugboat.apiserver.protobuf.Bodies.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.kubernetes.client.proto.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Lease and EndpointSlice, whose schemas Tugboat declares itself. The bodies are written field number by field
 * number, as upstream's generated.proto numbers them, so a wrong number in {@link SupplementalProtos} fails here.
 */
class SupplementalKindsTest {

    private final ProtobufDecoder decoder = new ProtobufDecoder();

    @Test
    void leaseWithMicroTimesAndAnEmptyHolder() {
        ByteString meta = message(m -> {
            string(m, 1, "app-leader");
            string(m, 3, "default");
        });
        ByteString spec = message(m -> {
            string(m, 1, "");                                   // holderIdentity: a pointer, "" is kept
            varint(m, 2, 15);                                   // leaseDurationSeconds
            bytes(m, 3, message(t -> varint(t, 1, 1704164645L))); // acquireTime
            bytes(m, 4, message(t -> {                          // renewTime
                varint(t, 1, 1704164645L);
                varint(t, 2, 123_456_789);
            }));
            varint(m, 5, 0);                                    // leaseTransitions: a pointer, 0 is kept
        });
        ByteString lease = message(m -> {
            bytes(m, 1, meta);
            bytes(m, 2, spec);
        });

        assertThat(decoder.decode(body("coordination.k8s.io/v1", "Lease", lease))).isEqualTo(json("""
                {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                 "metadata": {"name": "app-leader", "namespace": "default"},
                 "spec": {"holderIdentity": "", "leaseDurationSeconds": 15,
                          "acquireTime": "2024-01-02T03:04:05.000000Z",
                          "renewTime": "2024-01-02T03:04:05.123456Z",
                          "leaseTransitions": 0}}
                """));
    }

    @Test
    void endpointSliceWithConditionsPortsAndTopology() {
        ByteString endpoint = message(m -> {
            string(m, 1, "10.1.0.7");
            bytes(m, 2, message(c -> {
                bool(c, 1, true);   // ready
                bool(c, 2, true);   // serving
                bool(c, 3, false);  // terminating: a pointer, false is an answer
            }));
            bytes(m, 4, message(r -> {
                string(r, 1, "Pod");
                string(r, 3, "web-0");
            }));
            bytes(m, 5, message(e -> {
                string(e, 1, "topology.kubernetes.io/zone");
                string(e, 2, "a");
            }));
            string(m, 6, "node-1");
            bytes(m, 8, message(h -> bytes(h, 1, message(z -> string(z, 1, "a")))));
        });
        ByteString port = message(m -> {
            string(m, 1, "");       // name: a pointer, "" is the unnamed port
            string(m, 2, "TCP");
            varint(m, 3, 8080);
        });
        ByteString slice = message(m -> {
            bytes(m, 1, message(meta -> string(meta, 1, "web-abc")));
            bytes(m, 2, endpoint);
            bytes(m, 3, port);
            string(m, 4, "IPv4");
        });

        assertThat(decoder.decode(body("discovery.k8s.io/v1", "EndpointSlice", slice))).isEqualTo(json("""
                {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                 "metadata": {"name": "web-abc"},
                 "addressType": "IPv4",
                 "endpoints": [{"addresses": ["10.1.0.7"],
                                "conditions": {"ready": true, "serving": true, "terminating": false},
                                "targetRef": {"kind": "Pod", "name": "web-0"},
                                "deprecatedTopology": {"topology.kubernetes.io/zone": "a"},
                                "nodeName": "node-1",
                                "hints": {"forZones": [{"name": "a"}]}}],
                 "ports": [{"name": "", "protocol": "TCP", "port": 8080}]}
                """));
    }

    private static byte[] body(String apiVersion, String kind, ByteString raw) {
        return Bodies.envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw)
                .build());
    }

    private static ByteString message(Consumer<CodedOutputStream> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.accept(out);
        flush(out);
        return ByteString.copyFrom(bytes.toByteArray());
    }

    private static void string(CodedOutputStream out, int number, String value) {
        write(() -> out.writeString(number, value));
    }

    private static void varint(CodedOutputStream out, int number, long value) {
        write(() -> out.writeInt64(number, value));
    }

    private static void bool(CodedOutputStream out, int number, boolean value) {
        write(() -> out.writeBool(number, value));
    }

    private static void bytes(CodedOutputStream out, int number, ByteString value) {
        write(() -> out.writeBytes(number, value));
    }

    private interface Write {
        void run() throws IOException;
    }

    private static void write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flush(CodedOutputStream out) {
        write(out::flush);
    }
}
