package io.teardown.backend.windows;

import io.teardown.testkit.winsock.WinsockContract;

/** Runs the winsock contract (WS-01 … WS-16) on the native backend; skipped, with the reason, off Windows. */
class NativeWinsockContractTest extends WinsockContract {
}
