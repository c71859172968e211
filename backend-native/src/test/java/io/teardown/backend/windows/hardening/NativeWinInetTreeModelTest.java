package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.WinInetTreeModelContract;

/** The WinINet handle-tree model (jqwik) on the native backend; skipped, with the reason, off Windows. */
class NativeWinInetTreeModelTest extends WinInetTreeModelContract {
}
