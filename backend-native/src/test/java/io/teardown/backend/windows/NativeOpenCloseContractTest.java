package io.teardown.backend.windows;

import io.teardown.testkit.wlan.OpenCloseContract;

/** The WLAN contract's WL-01 on the native backend; skipped, with the reason, off Windows. */
class NativeOpenCloseContractTest extends OpenCloseContract {
}
