package io.teardown.backend.windows;

import io.teardown.testkit.wlan.HandleArgumentsContract;

/** The WLAN contract's WL-02, WL-03 on the native backend; skipped, with the reason, off Windows. */
class NativeHandleArgumentsContractTest extends HandleArgumentsContract {
}
