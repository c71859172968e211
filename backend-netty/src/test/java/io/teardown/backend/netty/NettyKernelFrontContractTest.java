package io.teardown.backend.netty;

import io.teardown.testkit.kernel.KernelFrontContract;

/** Runs the kernel front's contract (KO-03, KO-04, KO-09, KO-11, KO-12) over the portable engine's driver. */
class NettyKernelFrontContractTest extends KernelFrontContract {
}
