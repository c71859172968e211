package io.teardown.backend.windows;

import io.teardown.testkit.winsock.WinsockContract;

/** The winsock contract on the native backend; skipped (with the reason) where Windows is not running. */
class NativeWinsockContractTest extends WinsockContract {
}
