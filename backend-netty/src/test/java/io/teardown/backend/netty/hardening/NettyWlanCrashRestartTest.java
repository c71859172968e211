package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.WlanCrashRestartContract;

/** The WLAN service killed mid-flood and restarted (WL-04, WL-05) on the Netty backend. */
class NettyWlanCrashRestartTest extends WlanCrashRestartContract {
}
