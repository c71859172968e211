package io.teardown.backend.windows;

import io.teardown.testkit.wlan.ServiceLossContract;

/** The WLAN contract's WL-04 on the native backend; skipped, with the reason, off Windows. */
class NativeServiceLossContractTest extends ServiceLossContract {
}
