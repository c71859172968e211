package io.teardown.backend.netty;

import io.teardown.testkit.wininet.WinInetHeaderValuesContract;

/** wininet.h's numbers (HTTP_QUERY_CUSTOM, INTERNET_HANDLE_TYPE_CONNECT_HTTP) on the Netty backend. */
class NettyWinInetHeaderValuesContractTest extends WinInetHeaderValuesContract {
}
