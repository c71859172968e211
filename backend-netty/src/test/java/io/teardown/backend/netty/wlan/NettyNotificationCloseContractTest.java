package io.teardown.backend.netty.wlan;

import io.teardown.testkit.wlan.NotificationCloseContract;

/** The WLAN contract's WL-05 … WL-07 on the Netty backend, against the embedded WLAN service over loopback TCP. */
class NettyNotificationCloseContractTest extends NotificationCloseContract {
}
