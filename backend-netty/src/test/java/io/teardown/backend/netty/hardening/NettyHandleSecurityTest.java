package io.teardown.backend.netty.hardening;

import io.teardown.testkit.hardening.HandleSecurityContract;

/** Handle values as an attack surface (KO-03, KO-11, WL-04) on the Netty backend. */
class NettyHandleSecurityTest extends HandleSecurityContract {
}
