package io.tugboat.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {

    @TempDir
    Path dir;

    @Test
    void materialMadeAtFirstStartIsReusedAfterwards() throws Exception {
        Pki first = Pki.loadOrCreate(dir, List.of("localhost", "127.0.0.1"));
        Pki second = Pki.loadOrCreate(dir, List.of("localhost", "127.0.0.1"));
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.caPem()).isEqualTo(first.caPem());
        KeyStore ks = second.servingKeyStore("pw".toCharArray());
        X509Certificate serving = (X509Certificate) ks.getCertificate("tugboat");
        serving.verify(first.caCertificate().getPublicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key")))).isEqualTo("rw-------");
    }

    @Test
    void aNewNameGetsANewServingCertificateFromTheSameCa() throws Exception {
        Pki first = Pki.loadOrCreate(dir, List.of("localhost"));
        Pki widened = Pki.loadOrCreate(dir, List.of("localhost", "10.0.0.7"));
        assertThat(widened.caCertificate()).isEqualTo(first.caCertificate());
        X509Certificate serving = (X509Certificate) widened.servingKeyStore("pw".toCharArray()).getCertificate("tugboat");
        assertThat(serving.getSubjectAlternativeNames()).extracting(san -> String.valueOf(san.get(1))).contains("localhost", "10.0.0.7");
        serving.verify(first.caCertificate().getPublicKey());
    }
}
