package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.HandleSecurityContract;

/** Handle values as an attack surface (KO-03, KO-11, WL-04) on the native backend; skipped, with the reason, off Windows. */
class NativeHandleSecurityTest extends HandleSecurityContract {
}
