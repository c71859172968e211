package io.teardown.backend.netty;

import io.teardown.testkit.kernel.OverlappedFileContract;

/** Runs {@link OverlappedFileContract} on the Netty backend's portable kernel engine. */
class NettyOverlappedFileContractTest extends OverlappedFileContract {
}
