package io.teardown.backend.netty.wlan;

import io.teardown.testkit.wlan.OpenCloseContract;

/** The WLAN contract's WL-01 on the Netty backend, against the embedded WLAN service over loopback TCP. */
class NettyOpenCloseContractTest extends OpenCloseContract {
}
