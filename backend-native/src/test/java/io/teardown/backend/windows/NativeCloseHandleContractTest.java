package io.teardown.backend.windows;

import io.teardown.testkit.kernel.CloseHandleContract;

/** The kernel contract's KO-01 … KO-04 on the native backend; skipped, with the reason, off Windows. */
class NativeCloseHandleContractTest extends CloseHandleContract {
}
