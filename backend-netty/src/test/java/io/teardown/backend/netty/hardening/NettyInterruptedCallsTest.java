package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.InterruptedCallsContract;

/** A thread interrupted in every blocking call (KO-10, WI-07, WL-06, WS-12) on the Netty backend. */
class NettyInterruptedCallsTest extends InterruptedCallsContract {
}
