package io.teardown.backend.netty;

import io.teardown.testkit.kernel.KernelContract;

/** Runs the kernel contract (KO-01 … KO-12) on the Netty backend's portable engine. */
class NettyKernelContractTest extends KernelContract {
}
