package io.teardown.wininet;

import io.teardown.api.Session;
import io.teardown.wininet.spi.WinInetProviders;

/**
 * The flat, C-shaped face of wininet: exact C names and parameter order, for code ported from C and for
 * the conformance runner. Every method reports what Windows reports.
 */
public interface WinInet {
    /** The session's {@code WinInet}, built once for the backend selected for it. */
    static WinInet of(Session session) {
        return session.component(WinInet.class, s -> WinInetProviders.REGISTRY.select(s).create(s));
    }
}
