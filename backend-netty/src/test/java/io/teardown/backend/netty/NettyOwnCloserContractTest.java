package io.teardown.backend.netty;

import io.teardown.testkit.kernel.OwnCloserContract;

/** The kernel contract's KO-09 on the Netty backend's portable engine. */
class NettyOwnCloserContractTest extends OwnCloserContract {
}
