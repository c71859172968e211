package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.FlatFuzzContract;

/** The flat fuzzer (every function of every facade, hostile arguments, four threads) on the Netty backend. */
class NettyFlatFuzzTest extends FlatFuzzContract {
}
