package io.teardown.backend.windows;

import io.teardown.testkit.kernel.KernelFileFrontContract;

/**
 * Runs the kernel front's file, registry and port rules (KO-03, KO-04, KO-09, KO-11, KO-12) over the JNA
 * driver; skipped, with the reason, off Windows (NativeKernelFileFrontRulesTest runs the same rules over
 * recording bindings everywhere).
 */
class NativeKernelFileFrontContractTest extends KernelFileFrontContract {
}
