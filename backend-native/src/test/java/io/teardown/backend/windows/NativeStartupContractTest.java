package io.teardown.backend.windows;

import io.teardown.testkit.winsock.StartupContract;

/** The winsock contract's WS-01, WS-03, WS-16 on the native backend; skipped, with the reason, off Windows. */
class NativeStartupContractTest extends StartupContract {
}
