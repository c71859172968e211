package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.WinInetFaultLoadContract;

/** WinINet faults under load on the native backend; skipped, with the reason, off Windows. */
class NativeWinInetFaultLoadTest extends WinInetFaultLoadContract {
}
