package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.WinsockCloseLoadContract;

/** A thousand concurrent closes with mixed linger modes (WS-04 … WS-06) on the native backend; skipped, with the reason, off Windows. */
class NativeWinsockCloseLoadTest extends WinsockCloseLoadContract {
}
