package io.teardown.backend.netty;

import io.teardown.testkit.wininet.WinInetContract;

/** The WinINet contract (WI-01 … WI-10) on the Netty backend. */
class NettyWinInetContractTest extends WinInetContract {
}
