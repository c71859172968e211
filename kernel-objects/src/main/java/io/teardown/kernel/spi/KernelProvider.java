package io.teardown.kernel.spi;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;

/**
 * A backend for the kernel subsystem ({@code CloseHandle}), found by {@link java.util.ServiceLoader}: it
 * supplies the {@link KernelDriver} that does the work behind the front {@code Kernel32.of(session)}
 * builds ({@code backend-netty}: the portable engine; {@code backend-native}: the JNA bindings). The
 * constructor must do no work; {@link #driver} is called once per session, for the chosen provider only.
 * See <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
public interface KernelProvider extends BackendProvider {
    /** Builds this backend's driver for one session. Called once per session. */
    KernelDriver driver(Session session);
}
