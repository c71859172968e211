package io.teardown.backend.netty;

import io.teardown.testkit.kernel.HandleValuesContract;

/** The kernel contract's KO-11, KO-12 on the Netty backend's portable engine. */
class NettyHandleValuesContractTest extends HandleValuesContract {
}
