package io.teardown.testkit.wininet;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates made with BouncyCastle: a test CA and a server certificate it signs for a given
 * name (DNS name or IP address), as an {@link SSLContext} for {@link TestHttpServer#startTls} and the
 * CA as a PEM file a session can be told to trust.
 *
 * <p>BouncyCastle ({@code org.bouncycastle:bcpkix-jdk18on}) is an optional dependency of the test kit, so
 * it never reaches a user's test class path for this one helper; a test that calls it adds that artifact
 * at test scope, as {@code teardown-backend-netty}'s own tests do.
 */
public final class TestCertificates {
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A fresh test CA. */
    public static TestCertificates newAuthority() throws GeneralSecurityException {
        requireBouncyCastle();
        KeyPair keys = keys();
        X500Name name = new X500Name("CN=Teardown Test CA");
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(), name,
                keys.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return new TestCertificates(keys, sign(b, keys));
    }

    private static void requireBouncyCastle() {
        try {
            Class.forName("org.bouncycastle.cert.X509v3CertificateBuilder", false,
                    TestCertificates.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("TestCertificates needs BouncyCastle on the test class path: add "
                    + "org.bouncycastle:bcpkix-jdk18on (test scope); the test kit declares it optional", e);
        }
    }

    /** A server key and certificate for {@code subjectAltName} (an IP or a DNS name), signed by this CA. */
    public SSLContext serverContext(String subjectAltName) throws GeneralSecurityException {
        KeyPair keys = keys();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Teardown Test CA"), serial(),
                notBefore(), notAfter(), new X500Name("CN=" + subjectAltName), keys.getPublic());
        boolean ip = subjectAltName.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        try {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, subjectAltName)));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        X509Certificate cert = sign(b, caKeys);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("server", keys.getPrivate(), pw, new X509Certificate[] {cert, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        return ctx;
    }

    /** Writes the CA certificate as PEM to {@code file} and returns the path. */
    public Path writeAuthority(Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(ca.getEncoded())
                    + "\n-----END CERTIFICATE-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static Date notBefore() {
        return new Date(System.currentTimeMillis() - 3_600_000L);
    }

    private static Date notAfter() {
        return new Date(System.currentTimeMillis() + 86_400_000L);
    }
}
