package io.teardown.testkit.wininet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Test certificates made with the JDK alone (EC P-256 keys, SHA256withECDSA, written as DER by
 * {@link Der}, so users of the test kit get no certificate library on their class path): a test CA and a
 * server certificate it signs for a given name (DNS name or IP address), as an {@link SSLContext} for
 * {@link TestHttpServer#startTls} and the CA as a PEM file a session can be told to trust.
 */
public final class TestCertificates {
    private static final String CA_NAME = "Teardown Test CA";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A fresh test CA. */
    public static TestCertificates newAuthority() throws GeneralSecurityException {
        KeyPair keys = keys();
        byte[] caExtension = Der.sequence(Der.oid(BASIC_CONSTRAINTS), Der.bool(true),
                Der.octetString(Der.sequence(Der.bool(true))));
        return new TestCertificates(keys, certificate(CA_NAME, keys.getPublic().getEncoded(), caExtension, keys.getPrivate()));
    }

    /** A server key and certificate for {@code subjectAltName} (an IP or a DNS name), signed by this CA. */
    public SSLContext serverContext(String subjectAltName) throws GeneralSecurityException {
        KeyPair keys = keys();
        boolean ip = subjectAltName.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        byte[] generalName;
        try {
            generalName = ip ? Der.implicitPrimitive(7, InetAddress.getByName(subjectAltName).getAddress())
                    : Der.implicitPrimitive(2, subjectAltName.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new GeneralSecurityException("not an IP address: " + subjectAltName, e);
        }
        byte[] san = Der.sequence(Der.oid(SUBJECT_ALT_NAME), Der.octetString(Der.sequence(generalName)));
        X509Certificate cert = certificate(subjectAltName, keys.getPublic().getEncoded(), san, caKeys.getPrivate());
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

    /** An X.509 v3 certificate issued by the CA for {@code subject}, with one extension. */
    private static X509Certificate certificate(String subject, byte[] publicKeyInfo, byte[] extension, PrivateKey issuerKey)
            throws GeneralSecurityException {
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
                Der.integer(new BigInteger(64, new SecureRandom())),
                algorithm,
                name(CA_NAME),
                Der.sequence(Der.utcTime(now.minusHours(1)), Der.utcTime(now.plusDays(1))),
                name(subject),
                publicKeyInfo, // already a DER SubjectPublicKeyInfo
                Der.explicit(3, Der.sequence(extension)));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(issuerKey);
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
    }
}
