package io.teardown.backend.windows;

import io.teardown.testkit.winsock.ShutdownContract;

/** The winsock contract's WS-11 on the native backend; skipped, with the reason, off Windows. */
class NativeShutdownContractTest extends ShutdownContract {
}
