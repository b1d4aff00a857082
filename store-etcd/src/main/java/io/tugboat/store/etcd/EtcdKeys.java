package io.tugboat.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import java.util.Arrays;

/**
 * Maps the store's string keys to etcd's byte keys under the configured prefix, and prefixes to etcd
 * ranges [start, end). etcd orders keys byte-wise, which for UTF-8 is code point order.
 */
final class EtcdKeys {
    /** As a range end, a single zero byte means "to the end of the key space". */
    private static final byte[] TO_THE_END = {0};

    private final byte[] prefix;

    EtcdKeys(String prefix) {
        this.prefix = prefix.getBytes(UTF_8);
    }

    ByteSequence key(String key) {
        return ByteSequence.from(concat(prefix, key.getBytes(UTF_8)));
    }

    String strip(ByteSequence key) {
        byte[] bytes = key.getBytes();
        return new String(bytes, prefix.length, bytes.length - prefix.length, UTF_8);
    }

    /** The etcd range of the keys under {@code keyPrefix}, beginning after {@code startAfter} if given. */
    Range range(String keyPrefix, String startAfter) {
        byte[] from = concat(prefix, keyPrefix.getBytes(UTF_8));
        byte[] end = prefixEnd(from);
        if (startAfter != null) {
            // the smallest key after startAfter is startAfter followed by a zero byte
            byte[] after = concat(concat(prefix, startAfter.getBytes(UTF_8)), new byte[] {0});
            if (Arrays.compareUnsigned(after, from) > 0) {
                from = after;
            }
        }
        if (from.length == 0) {
            from = TO_THE_END.clone(); // etcd needs a non-empty key; "\0" is the first key there is
        }
        return new Range(ByteSequence.from(from), ByteSequence.from(end));
    }

    /** The first key after every key starting with {@code prefix}: its last byte below 0xff raised by one. */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return TO_THE_END.clone();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    record Range(ByteSequence start, ByteSequence end) {
    }
}
