package io.teardown.backend.windows;

import io.teardown.testkit.kernel.HandleValuesContract;

/** The kernel contract's KO-11, KO-12 on the native backend; skipped, with the reason, off Windows. */
class NativeHandleValuesContractTest extends HandleValuesContract {
}
