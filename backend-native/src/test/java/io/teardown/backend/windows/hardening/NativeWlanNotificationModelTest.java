package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.WlanNotificationModelContract;

/** The WLAN notification model (jqwik; WL-05 … WL-08) on the native backend; skipped, with the reason, off Windows. */
class NativeWlanNotificationModelTest extends WlanNotificationModelContract {
}
