package io.teardown.backend.windows;

import io.teardown.testkit.kernel.ObjectTypesContract;

/** The kernel contract's KO-05 on the native backend; skipped, with the reason, off Windows. */
class NativeObjectTypesContractTest extends ObjectTypesContract {
}
