package io.teardown.backend.netty.wlan;

import io.teardown.testkit.wlan.WlanFrontContract;

/** WL-02, WL-03 at the WLAN front over the Netty backend's driver (the portable engine), recorded. */
class NettyWlanFrontContractTest extends WlanFrontContract {
}
