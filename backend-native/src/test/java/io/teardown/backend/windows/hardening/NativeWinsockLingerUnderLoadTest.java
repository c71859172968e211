package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.WinsockLingerUnderLoadContract;

/** Lingering closes that return by their deadline under load (WS-06) on the native backend; skipped, with the reason, off Windows. */
class NativeWinsockLingerUnderLoadTest extends WinsockLingerUnderLoadContract {
}
