package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.WinInetTreeModelContract;

/** The WinINet handle-tree model (jqwik) on the Netty backend. */
class NettyWinInetTreeModelTest extends WinInetTreeModelContract {
}
