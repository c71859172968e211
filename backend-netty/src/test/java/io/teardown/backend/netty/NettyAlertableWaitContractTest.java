package io.teardown.backend.netty;

import io.teardown.testkit.kernel.AlertableWaitContract;

/** Runs {@link AlertableWaitContract} on the Netty backend's portable kernel engine. */
class NettyAlertableWaitContractTest extends AlertableWaitContract {
}
