package io.teardown.kernel;

import io.teardown.api.Session;
import io.teardown.kernel.spi.KernelProviders;

/**
 * The flat, C-shaped face of kernel32/advapi32: exact C names and parameter order, for code ported from C and for
 * the conformance runner. Every method reports what Windows reports.
 */
public interface Kernel32 {
    /** The session's {@code Kernel32}, built once for the backend selected for it. */
    static Kernel32 of(Session session) {
        return session.component(Kernel32.class, s -> KernelProviders.REGISTRY.select(s).create(s));
    }
}
