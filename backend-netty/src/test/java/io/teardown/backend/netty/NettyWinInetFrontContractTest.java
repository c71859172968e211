package io.teardown.backend.netty;

import io.teardown.testkit.wininet.WinInetFrontContract;

/** WI-02, WI-07, WI-08 at the WinINet front over the Netty backend's driver (the portable engine), recorded. */
class NettyWinInetFrontContractTest extends WinInetFrontContract {
}
