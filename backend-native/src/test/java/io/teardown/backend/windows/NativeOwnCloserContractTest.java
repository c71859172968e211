package io.teardown.backend.windows;

import io.teardown.testkit.kernel.OwnCloserContract;

/** The kernel contract's KO-09 on the native backend; skipped, with the reason, off Windows. */
class NativeOwnCloserContractTest extends OwnCloserContract {
}
