package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.WinInetFaultLoadContract;

/** WinINet faults under load on the Netty backend. */
class NettyWinInetFaultLoadTest extends WinInetFaultLoadContract {
}
