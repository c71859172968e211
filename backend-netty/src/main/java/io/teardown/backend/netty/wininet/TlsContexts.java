package io.teardown.backend.netty.wininet;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.teardown.api.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The session's client TLS contexts (JDK provider), one per set of {@code SECURITY_FLAG_IGNORE_*}
 * bits. Trust anchors are the JDK's defaults plus, standing in for certificates installed in the
 * Windows root store, the ones named by {@value #TRUST_STORE_PROPERTY} (a PKCS#12/JKS key store with
 * {@value #TRUST_STORE_PASSWORD_PROPERTY}, or a PEM/DER certificate file).
 */
final class TlsContexts {
    /** Extra trusted certificates for this session's HTTPS, as a file path. */
    static final String TRUST_STORE_PROPERTY = "teardown.wininet.trustStore";
    /** The key store's password, if it needs one. */
    static final String TRUST_STORE_PASSWORD_PROPERTY = "teardown.wininet.trustStorePassword";

    private final Session session;
    private final ConcurrentHashMap<Integer, SslContext> contexts = new ConcurrentHashMap<>();
    private volatile List<X509ExtendedTrustManager> anchors;

    TlsContexts(Session session) {
        this.session = session;
    }

    SslContext forFlags(int securityFlags) throws SSLException {
        SslContext c = contexts.get(securityFlags);
        if (c != null) {
            return c;
        }
        try {
            c = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .trustManager(new CertificateCheck(anchors(), securityFlags))
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException("cannot set up TLS trust: " + e, e);
        }
        SslContext raced = contexts.putIfAbsent(securityFlags, c);
        return raced != null ? raced : c;
    }

    private List<X509ExtendedTrustManager> anchors() throws GeneralSecurityException, IOException {
        List<X509ExtendedTrustManager> a = anchors;
        if (a == null) {
            a = new ArrayList<>();
            a.add(managerFor(null));
            var path = session.property(TRUST_STORE_PROPERTY);
            if (path.isPresent()) {
                a.add(managerFor(load(Path.of(path.get()),
                        session.property(TRUST_STORE_PASSWORD_PROPERTY).orElse(""))));
            }
            anchors = a = List.copyOf(a);
        }
        return a;
    }

    private static KeyStore load(Path file, String password) throws GeneralSecurityException, IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks")) {
            KeyStore ks = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, password.toCharArray());
            }
            return ks;
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(file)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("trusted-" + i++, c);
            }
        }
        return ks;
    }

    private static X509ExtendedTrustManager managerFor(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509ExtendedTrustManager from " + f.getAlgorithm());
    }
}
