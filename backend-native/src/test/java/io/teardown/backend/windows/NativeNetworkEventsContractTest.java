package io.teardown.backend.windows;

import io.teardown.testkit.winsock.NetworkEventsContract;

/** The winsock contract's WS-10 on the native backend; skipped, with the reason, off Windows. */
class NativeNetworkEventsContractTest extends NetworkEventsContract {
}
