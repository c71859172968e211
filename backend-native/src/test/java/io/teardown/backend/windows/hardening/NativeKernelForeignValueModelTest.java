package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.KernelForeignValueModelContract;

/** The kernel model with foreign values (jqwik; KO-03, KO-09, KO-11, WS-15) on the native backend; skipped, with the reason, off Windows. */
class NativeKernelForeignValueModelTest extends KernelForeignValueModelContract {
}
