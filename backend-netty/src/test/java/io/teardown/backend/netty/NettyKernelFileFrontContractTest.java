package io.teardown.backend.netty;

import io.teardown.testkit.kernel.KernelFileFrontContract;

/** Runs the kernel front's file, registry and port rules (KO-03, KO-04, KO-09, KO-11, KO-12) over the engine driver. */
class NettyKernelFileFrontContractTest extends KernelFileFrontContract {
}
