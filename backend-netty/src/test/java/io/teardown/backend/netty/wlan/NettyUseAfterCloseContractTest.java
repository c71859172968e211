package io.teardown.backend.netty.wlan;

import io.teardown.testkit.wlan.UseAfterCloseContract;

/** The WLAN contract's WL-08 on the Netty backend, against the embedded WLAN service over loopback TCP. */
class NettyUseAfterCloseContractTest extends UseAfterCloseContract {
}
