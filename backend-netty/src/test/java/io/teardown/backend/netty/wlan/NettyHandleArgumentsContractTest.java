package io.teardown.backend.netty.wlan;

import io.teardown.testkit.wlan.HandleArgumentsContract;

/** The WLAN contract's WL-02, WL-03 on the Netty backend, against the embedded WLAN service over loopback TCP. */
class NettyHandleArgumentsContractTest extends HandleArgumentsContract {
}
