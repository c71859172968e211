package io.teardown.kernel;

import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;

/**
 * Dagger bindings for the kernel-objects subsystem: an application component that binds a
 * {@link Session} and includes this module can inject the session's {@link Kernel32} ({@code CloseHandle}
 * and the object calls, flat) and {@link KernelObjects} (the object API). The backend is the one the
 * session selects, so a test swaps it by building the component with another session.
 *
 * <p>Dagger is optional for users of this module: only applications that use this class need it.
 */
@Module
public final class KernelModule {
    private KernelModule() {
    }

    /** The session's flat {@code kernel32}/{@code advapi32} facade. */
    @Provides
    static Kernel32 kernel32(Session session) {
        return Kernel32.of(session);
    }

    /** The session's object API (typed {@code AutoCloseable} handles). */
    @Provides
    static KernelObjects kernelObjects(Session session) {
        return KernelObjects.of(session);
    }
}
