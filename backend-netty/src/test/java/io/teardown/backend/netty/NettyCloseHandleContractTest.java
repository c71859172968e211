package io.teardown.backend.netty;

import io.teardown.testkit.kernel.CloseHandleContract;

/** The kernel contract's KO-01 … KO-04 on the Netty backend's portable engine. */
class NettyCloseHandleContractTest extends CloseHandleContract {
}
