package io.teardown.backend.windows;

import io.teardown.testkit.winsock.PendingOperationsContract;

/** The winsock contract's WS-09 on the native backend; skipped, with the reason, off Windows. */
class NativePendingOperationsContractTest extends PendingOperationsContract {
}
