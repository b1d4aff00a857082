package io.tugboat.apiserver.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The cluster's certificate authority and the API server's serving certificate, made on first start in
 * the data directory and reused afterwards, so that a kubeconfig written once stays valid across restarts.
 * The serving certificate is remade (by the same CA) when the names it must cover change.
 */
public final class Pki {

    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration SERVING_LIFETIME = Duration.ofDays(825);

    private final X509Certificate caCert;
    private final PrivateKey caKey;
    private final X509Certificate servingCert;
    private final PrivateKey servingKey;

    private Pki(X509Certificate caCert, PrivateKey caKey, X509Certificate servingCert, PrivateKey servingKey) {
        this.caCert = caCert;
        this.caKey = caKey;
        this.servingCert = servingCert;
        this.servingKey = servingKey;
    }

    /** Loads the PKI under {@code dir}, creating what is missing; the serving certificate covers {@code names}. */
    public static Pki loadOrCreate(Path dir, List<String> names) {
        try {
            Files.createDirectories(dir);
            Path caCrt = dir.resolve("ca.crt");
            Path caKeyFile = dir.resolve("ca.key");
            X509Certificate ca;
            PrivateKey caKey;
            if (Files.exists(caCrt) && Files.exists(caKeyFile)) {
                ca = readCert(caCrt);
                caKey = readKey(caKeyFile);
            } else {
                KeyPair kp = newKeyPair();
                ca = caCertificate(kp);
                caKey = kp.getPrivate();
                writePem(caKeyFile, caKey, true);
                writePem(caCrt, ca, false);
            }
            Path srvCrt = dir.resolve("server.crt");
            Path srvKeyFile = dir.resolve("server.key");
            X509Certificate srv = null;
            PrivateKey srvKey = null;
            if (Files.exists(srvCrt) && Files.exists(srvKeyFile)) {
                srv = readCert(srvCrt);
                srvKey = readKey(srvKeyFile);
                if (!covers(srv, names) || srv.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(30)))) {
                    srv = null;
                }
            }
            if (srv == null) {
                KeyPair kp = newKeyPair();
                srv = servingCertificate(kp, ca, caKey, names);
                srvKey = kp.getPrivate();
                writePem(srvKeyFile, srvKey, true);
                writePem(srvCrt, srv, false);
            }
            return new Pki(ca, caKey, srv, srvKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up TLS material in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot set up TLS material in " + dir + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    public String caPem() {
        return pem(caCert);
    }

    /** A key store holding the serving key and its chain, for the HTTPS connector. */
    public KeyStore servingKeyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("tugboat", servingKey, password, new Certificate[] {servingCert, caCert});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the serving key store", e);
        }
    }

    /** A trust store holding just the cluster CA, for clients of this server. */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("tugboat-ca", caCert);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust store", e);
        }
    }

    private static boolean covers(X509Certificate cert, List<String> names) throws GeneralSecurityException {
        var sans = cert.getSubjectAlternativeNames();
        List<String> have = new ArrayList<>();
        if (sans != null) {
            for (List<?> san : sans) {
                have.add(String.valueOf(san.get(1)));
            }
        }
        return have.containsAll(names);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return gen.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair kp) throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=tugboat-ca@" + Instant.now().getEpochSecond());
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(CA_LIFETIME)), subject, kp.getPublic());
        var ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        return sign(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    private static X509Certificate servingCertificate(KeyPair kp, X509Certificate ca, PrivateKey caKey, List<String> names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(SERVING_LIFETIME)), new X500Name("CN=tugboat-apiserver"), kp.getPublic());
        var ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names) {
            sans.add(isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        return sign(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    private static boolean isIpLiteral(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static X509Certificate sign(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static BigInteger serial() {
        return new BigInteger(128, new SecureRandom());
    }

    private static X509Certificate readCert(Path file) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                // SEC1 EC keys may omit the public half, so take only the private key info
                return conv.getPrivateKey(pair.getPrivateKeyInfo());
            }
            return conv.getPrivateKey((PrivateKeyInfo) o);
        }
    }

    private static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            if (o instanceof PrivateKey key) {
                // PKCS#8 ("PRIVATE KEY") names its curve, so any reader (ours, openssl, Go) loads it back
                w.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /** Writes atomically (temp file + rename) so that a crash never leaves half a key; keys are private to the owner. */
    private static void writePem(Path file, Object o, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, pem(o), StandardCharsets.US_ASCII);
        if (secret) {
            restrict(tmp);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more we can do
        }
    }

    /** Every name and address a client may use to reach this host. */
    public static List<String> defaultNames() {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!names.contains(host)) {
                names.add(host);
            }
        } catch (IOException e) {
            // no resolvable host name: localhost still works
        }
        return names;
    }
}
