package io.teardown.backend.netty.wlan;

import io.teardown.testkit.wlan.WlanContract;

/** The WLAN contract (WL-01 … WL-08) on the Netty backend, against the embedded WLAN service over loopback TCP. */
class NettyWlanContractTest extends WlanContract {
}
