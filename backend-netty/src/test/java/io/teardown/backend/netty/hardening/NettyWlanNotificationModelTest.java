package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.WlanNotificationModelContract;

/** The WLAN notification model (jqwik; WL-05 … WL-08) on the Netty backend. */
class NettyWlanNotificationModelTest extends WlanNotificationModelContract {
}
