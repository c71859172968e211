package io.teardown.backend.windows;

import io.teardown.testkit.winsock.WinsockFrontContract;

/**
 * Runs the Winsock front's contract (WS-01, WS-02, WS-08, WS-15) over the JNA driver; skipped, with the
 * reason, off Windows (NativeWinsockFrontRulesTest runs the same rules over recording bindings everywhere).
 */
class NativeWinsockFrontContractTest extends WinsockFrontContract {
}
