package io.teardown.backend.netty;

import io.teardown.testkit.kernel.ObjectTypesContract;

/** The kernel contract's KO-05 on the Netty backend's portable engine. */
class NettyObjectTypesContractTest extends ObjectTypesContract {
}
