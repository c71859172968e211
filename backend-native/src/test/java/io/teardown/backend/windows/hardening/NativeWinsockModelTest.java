package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.WinsockModelContract;

/** The Winsock model (jqwik) on the native backend; skipped, with the reason, off Windows. */
class NativeWinsockModelTest extends WinsockModelContract {
}
