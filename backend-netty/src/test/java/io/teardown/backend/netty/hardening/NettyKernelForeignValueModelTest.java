package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.KernelForeignValueModelContract;

/** The kernel model with foreign values (jqwik; KO-03, KO-09, KO-11, WS-15) on the Netty backend. */
class NettyKernelForeignValueModelTest extends KernelForeignValueModelContract {
}
