/**
 * The CloseHandle contract: kernel objects — the object manager (handle counts, retention,
 * DuplicateHandle), the object types and their type-specific closers (FindClose, RegCloseKey). Holds the
 * flat facade {@link io.teardown.kernel.Kernel32}, the object API ({@link io.teardown.kernel.KernelObjects}),
 * the SPI ({@link io.teardown.kernel.spi.KernelProvider}) and the portable engine
 * ({@code io.teardown.kernel.engine}, exported only to winsock and the Netty backend). Depends only on
 * {@code io.teardown.api}; backends are found at run time.
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
    exports io.teardown.kernel.engine to io.teardown.winsock, io.teardown.backend.netty;

    uses io.teardown.kernel.spi.KernelProvider;
}
