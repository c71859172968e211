package io.teardown.backend.windows;

import io.teardown.testkit.winsock.LingerOptionsContract;

/** The winsock contract's WS-08 on the native backend; skipped, with the reason, off Windows. */
class NativeLingerOptionsContractTest extends LingerOptionsContract {
}
