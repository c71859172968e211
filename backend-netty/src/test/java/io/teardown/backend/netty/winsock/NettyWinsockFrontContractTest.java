package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.WinsockFrontContract;

/** Runs the Winsock front's contract (WS-01, WS-02, WS-08, WS-15) over the portable engine's driver. */
class NettyWinsockFrontContractTest extends WinsockFrontContract {
}
