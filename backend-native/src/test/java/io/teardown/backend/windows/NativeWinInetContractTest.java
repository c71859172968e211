package io.teardown.backend.windows;

import io.teardown.testkit.wininet.WinInetContract;

/** The WinINet contract (WI-01 … WI-10) on real Windows; skipped elsewhere with the reason. */
class NativeWinInetContractTest extends WinInetContract {
}
