package io.teardown.backend.windows;

import io.teardown.testkit.kernel.ObjectLifetimeContract;

/** The kernel contract's KO-06 … KO-08 on the native backend; skipped, with the reason, off Windows. */
class NativeObjectLifetimeContractTest extends ObjectLifetimeContract {
}
