package io.teardown.backend.windows;

import io.teardown.testkit.winsock.NotASocketContract;

/** The winsock contract's WS-02, WS-15 on the native backend; skipped, with the reason, off Windows. */
class NativeNotASocketContractTest extends NotASocketContract {
}
