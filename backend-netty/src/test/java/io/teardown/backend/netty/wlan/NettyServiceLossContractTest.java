package io.teardown.backend.netty.wlan;

import io.teardown.testkit.wlan.ServiceLossContract;

/** The WLAN contract's WL-04 on the Netty backend, against the embedded WLAN service over loopback TCP. */
class NettyServiceLossContractTest extends ServiceLossContract {
}
