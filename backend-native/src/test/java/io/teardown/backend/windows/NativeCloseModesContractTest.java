package io.teardown.backend.windows;

import io.teardown.testkit.winsock.CloseModesContract;

/** The winsock contract's WS-04 … WS-07 on the native backend; skipped, with the reason, off Windows. */
class NativeCloseModesContractTest extends CloseModesContract {
}
