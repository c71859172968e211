package io.teardown.backend.windows;

import io.teardown.testkit.kernel.CloseDuringUseContract;

/** The kernel contract's KO-10 on the native backend; skipped, with the reason, off Windows. */
class NativeCloseDuringUseContractTest extends CloseDuringUseContract {
}
