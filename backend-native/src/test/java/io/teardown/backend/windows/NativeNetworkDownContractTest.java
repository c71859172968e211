package io.teardown.backend.windows;

import io.teardown.testkit.winsock.NetworkDownContract;

/** The winsock contract's WS-13 on the native backend; skipped, with the reason, off Windows. */
class NativeNetworkDownContractTest extends NetworkDownContract {
}
