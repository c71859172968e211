package io.teardown.kernel.spi;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;
import io.teardown.kernel.Kernel32;

/**
 * A backend for the kernel subsystem ({@code CloseHandle}), found by {@link java.util.ServiceLoader}.
 * {@code backend-netty} plugs its transports into the portable engine; {@code backend-native} calls
 * Windows. The constructor must do no work; {@link #create} is called once per session, for the chosen
 * provider only.
 */
public interface KernelProvider extends BackendProvider {
    /** Builds this backend's {@link Kernel32} for one session. Called once per session. */
    Kernel32 create(Session session);
}
