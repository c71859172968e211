package io.teardown.backend.windows;

import io.teardown.testkit.wininet.WinInetHeaderValuesContract;

/** wininet.h's numbers on real Windows; skipped elsewhere with the reason. */
class NativeWinInetHeaderValuesContractTest extends WinInetHeaderValuesContract {
}
