package io.teardown.backend.windows;

import io.teardown.testkit.wlan.NotificationCloseContract;

/** The WLAN contract's WL-05 … WL-07 on the native backend; skipped, with the reason, off Windows. */
class NativeNotificationCloseContractTest extends NotificationCloseContract {
}
