package io.teardown.winsock;

import io.teardown.api.Session;
import io.teardown.winsock.spi.WinsockProviders;

/**
 * The flat, C-shaped face of ws2_32: exact C names and parameter order, for code ported from C and for
 * the conformance runner. Every method reports what Windows reports.
 */
public interface Ws2_32 {
    /** The session's {@code Ws2_32}, built once for the backend selected for it. */
    static Ws2_32 of(Session session) {
        return session.component(Ws2_32.class, s -> WinsockProviders.REGISTRY.select(s).create(s));
    }
}
