package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.InterruptedCallsContract;

/** A thread interrupted in every blocking call (KO-10, WI-07, WL-06, WS-12) on the native backend; skipped, with the reason, off Windows. */
class NativeInterruptedCallsTest extends InterruptedCallsContract {
}
