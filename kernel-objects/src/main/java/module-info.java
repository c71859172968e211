/**
 * The CloseHandle contract: kernel objects: the object manager (handle counts, retention, DuplicateHandle), the object types and their type-specific closers. Holds the flat facade {@link io.teardown.kernel.Kernel32}, the object API, the SPI
 * ({@link io.teardown.kernel.spi.KernelProvider}) and the portable engine. Depends only on {@code io.teardown.api}; backends
 * are found at run time.
 */
module io.teardown.kernel {
    requires transitive io.teardown.api;

    exports io.teardown.kernel;
    exports io.teardown.kernel.spi;

    uses io.teardown.kernel.spi.KernelProvider;
}
