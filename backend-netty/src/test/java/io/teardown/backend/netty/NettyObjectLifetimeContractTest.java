package io.teardown.backend.netty;

import io.teardown.testkit.kernel.ObjectLifetimeContract;

/** The kernel contract's KO-06 … KO-08 on the Netty backend's portable engine. */
class NettyObjectLifetimeContractTest extends ObjectLifetimeContract {
}
