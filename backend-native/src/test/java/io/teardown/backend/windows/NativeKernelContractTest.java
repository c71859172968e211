package io.teardown.backend.windows;

import io.teardown.testkit.kernel.KernelContract;

/** Runs the kernel contract (KO-01 … KO-12) on the native backend; skipped, with the reason, off Windows. */
class NativeKernelContractTest extends KernelContract {
}
