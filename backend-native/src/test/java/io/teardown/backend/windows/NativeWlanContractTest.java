package io.teardown.backend.windows;

import io.teardown.testkit.wlan.WlanContract;

/** The WLAN contract (WL-01 … WL-08) on the native backend; skipped (with the reason) off Windows. */
class NativeWlanContractTest extends WlanContract {
}
