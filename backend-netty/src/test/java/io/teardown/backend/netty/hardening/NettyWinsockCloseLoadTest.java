package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.WinsockCloseLoadContract;

/** A thousand concurrent closes with mixed linger modes (WS-04 … WS-06) on the Netty backend. */
class NettyWinsockCloseLoadTest extends WinsockCloseLoadContract {
}
