/**
 * The CloseHandle contract: kernel objects — the object manager (handle counts, retention,
 * DuplicateHandle), the object types and their type-specific closers (FindClose, RegCloseKey). Holds the
 * flat facade {@link io.teardown.kernel.Kernel32}, the object API ({@link io.teardown.kernel.KernelObjects}),
 * the SPI ({@link io.teardown.kernel.spi.KernelProvider}, {@link io.teardown.kernel.spi.KernelDriver}), the
 * front that implements {@code Kernel32} once for every backend ({@code io.teardown.kernel.front}, exported
 * only to the native backend's tests) and the portable engine ({@code io.teardown.kernel.engine}, exported
 * only to winsock and the Netty backend). Depends only on {@code io.teardown.api}; backends are found at
 * run time. See docs/kernel-objects.md.
 */
@SuppressWarnings("module") // the qualified export names backend modules this module does not see
module io.teardown.kernel {
    requires transitive io.teardown.api;
    // Optional: only applications that use the Dagger module need Dagger at run time.
    requires static dagger;
    requires static jakarta.inject;
    requires static java.compiler; // Dagger's @Generated

    exports io.teardown.kernel;
    exports io.teardown.kernel.spi;
    // The front is what Kernel32.of returns (KernelDriver.front builds one over a decorating driver); the
    // native backend's tests build it over recording bindings; the Winsock front resolves its event
    // values with its HandleArgs (KO-13).
    exports io.teardown.kernel.front to io.teardown.backend.windows, io.teardown.winsock;
    exports io.teardown.kernel.engine to io.teardown.winsock, io.teardown.backend.netty;

    uses io.teardown.kernel.spi.KernelProvider;
}
