package io.teardown.backend.windows;

import io.teardown.testkit.wininet.WinInetFrontContract;

/** WI-02, WI-07, WI-08 at the WinINet front over the native driver on the real wininet; skipped (with the reason) off Windows. */
class NativeWinInetFrontContractTest extends WinInetFrontContract {
}
