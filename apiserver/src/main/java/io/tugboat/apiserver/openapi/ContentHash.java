package io.tugboat.apiserver.openapi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content hash Kubernetes puts in {@code serverRelativeURL}: SHA-512 of the bytes, upper-case hex. */
final class ContentHash {

    private ContentHash() {
    }

    static String of(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-512", e);
        }
    }
}
