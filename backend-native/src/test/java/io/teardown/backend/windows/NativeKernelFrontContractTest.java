package io.teardown.backend.windows;

import io.teardown.testkit.kernel.KernelFrontContract;

/**
 * Runs the kernel front's contract (KO-03, KO-04, KO-09, KO-11, KO-12) over the JNA driver; skipped, with
 * the reason, off Windows (NativeKernel32Test runs the same front over recording bindings everywhere).
 */
class NativeKernelFrontContractTest extends KernelFrontContract {
}
