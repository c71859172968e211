package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.WlanCrashRestartContract;

/** The WLAN service killed mid-flood and restarted (WL-04, WL-05) on the native backend; skipped, with the reason, off Windows. */
class NativeWlanCrashRestartTest extends WlanCrashRestartContract {
}
