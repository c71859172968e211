package io.teardown.backend.netty.wininet;

import io.teardown.api.Win32Error;
import io.teardown.wininet.WinInet;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server-certificate check WinINet makes, on the JDK's own trust managers: first the chain (an
 * unknown authority is {@code ERROR_INTERNET_INVALID_CA}, an expired or not-yet-valid certificate
 * {@code ERROR_INTERNET_SEC_CERT_DATE_INVALID}), then the host name ({@code
 * ERROR_INTERNET_SEC_CERT_CN_INVALID}). Splitting the two steps is what lets the error say which one
 * failed; the {@code SECURITY_FLAG_IGNORE_*} bits skip a step, as on Windows.
 */
final class CertificateCheck extends X509ExtendedTrustManager {
    private final List<X509ExtendedTrustManager> anchors;
    private final int securityFlags;

    CertificateCheck(List<X509ExtendedTrustManager> anchors, int securityFlags) {
        this.anchors = anchors;
        this.securityFlags = securityFlags;
    }

    /** A rejected certificate and the WinINet error for it; found in the handshake failure's causes. */
    static final class Rejected extends CertificateException {
        private static final long serialVersionUID = 1L;
        final int error;

        Rejected(Win32Error error, Throwable cause) {
            super(error.toString(), cause);
            this.error = error.code();
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if ((securityFlags & WinInet.SECURITY_FLAG_IGNORE_UNKNOWN_CA) != 0) {
            return; // chain and (for want of a trusted chain to check names against) host name skipped
        }
        X509ExtendedTrustManager trusted = null;
        CertificateException last = null;
        for (X509ExtendedTrustManager tm : anchors) {
            try {
                tm.checkServerTrusted(chain, authType); // chain only: no endpoint identification
                trusted = tm;
                break;
            } catch (CertificateException e) {
                last = e;
            }
        }
        if (trusted == null) {
            if (isDateProblem(last)) {
                if ((securityFlags & WinInet.SECURITY_FLAG_IGNORE_CERT_DATE_INVALID) == 0) {
                    throw new Rejected(Win32Error.ERROR_INTERNET_SEC_CERT_DATE_INVALID, last);
                }
                return;
            }
            throw new Rejected(Win32Error.ERROR_INTERNET_INVALID_CA, last);
        }
        if ((securityFlags & WinInet.SECURITY_FLAG_IGNORE_CERT_CN_INVALID) == 0) {
            try {
                trusted.checkServerTrusted(chain, authType, engine); // the engine asks for HTTPS identification
            } catch (CertificateException e) {
                throw new Rejected(Win32Error.ERROR_INTERNET_SEC_CERT_CN_INVALID, e);
            }
        }
    }

    private static boolean isDateProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("only SSLEngine connections are made here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("only SSLEngine connections are made here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not checked by a client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not checked by a client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not checked by a client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.stream().flatMap(a -> java.util.Arrays.stream(a.getAcceptedIssuers()))
                .toArray(X509Certificate[]::new);
    }
}
