package io.teardown.backend.windows;

import io.teardown.testkit.winsock.ConcurrencyContract;

/** The winsock contract's WS-12, WS-14 on the native backend; skipped, with the reason, off Windows. */
class NativeConcurrencyContractTest extends ConcurrencyContract {
}
