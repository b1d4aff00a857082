package io.tugboat.agent.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The agent's self-signed serving certificate, as the kubelet makes one when given none: kept in a PKCS#12 file
 * in the configured directory so that it survives restarts, and made anew when missing or about to expire.
 * The API server does not verify it (no --kubelet-certificate-authority); the node token authenticates callers.
 */
final class ServingCertificate {

    static final String FILE = "agent-serving.p12";
    static final String ALIAS = "agent";
    /** Guards only the file's integrity; the file itself is private to the owner. */
    static final char[] PASSWORD = "tugboat-agent".toCharArray();
    private static final Duration LIFETIME = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private ServingCertificate() {
    }

    static KeyStore loadOrCreate(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, PASSWORD);
                }
                Certificate cert = ks.getCertificate(ALIAS);
                if (cert instanceof X509Certificate x509
                        && x509.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))) {
                    return ks;
                }
            }
            KeyStore ks = create();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, PASSWORD);
            }
            restrict(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the agent's serving certificate in " + dir, e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make the agent's serving certificate", e);
        }
    }

    private static KeyStore create() throws GeneralSecurityException, IOException,
            org.bouncycastle.operator.OperatorCreationException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair kp = gen.generateKeyPair();
        String host = hostName();
        X500Name subject = new X500Name("CN=" + host + "@" + Instant.now().getEpochSecond());
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(128, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LIFETIME)), subject, kp.getPublic());
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names(host)) {
            sans.add(name.matches("[0-9.]+") || name.contains(":")
                    ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, kp.getPrivate(), PASSWORD, new Certificate[] {cert});
        return ks;
    }

    private static Set<String> names(String host) {
        Set<String> names = new LinkedHashSet<>(List.of(host, "localhost", "127.0.0.1"));
        try {
            names.add(InetAddress.getLocalHost().getHostAddress());
        } catch (IOException e) {
            // no resolvable address for our own name: the other names still serve
        }
        return names;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more we can do
        }
    }
}
