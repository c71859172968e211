package io.teardown.backend.windows;

import io.teardown.testkit.wlan.UseAfterCloseContract;

/** The WLAN contract's WL-08 on the native backend; skipped, with the reason, off Windows. */
class NativeUseAfterCloseContractTest extends UseAfterCloseContract {
}
