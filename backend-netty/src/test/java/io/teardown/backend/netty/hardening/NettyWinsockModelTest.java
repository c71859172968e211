package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.WinsockModelContract;

/** The Winsock model (jqwik) on the Netty backend. */
class NettyWinsockModelTest extends WinsockModelContract {
}
