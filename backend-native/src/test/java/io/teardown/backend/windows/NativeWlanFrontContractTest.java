package io.teardown.backend.windows;

import io.teardown.testkit.wlan.WlanFrontContract;

/** WL-02, WL-03 at the WLAN front over the native driver on the real wlanapi; skipped (with the reason) off Windows. */
class NativeWlanFrontContractTest extends WlanFrontContract {
}
