package io.teardown.wlan;

import io.teardown.api.Session;
import io.teardown.wlan.spi.WlanProviders;

/**
 * The flat, C-shaped face of wlanapi: exact C names and parameter order, for code ported from C and for
 * the conformance runner. Every method reports what Windows reports.
 */
public interface WlanApi {
    /** The session's {@code WlanApi}, built once for the backend selected for it. */
    static WlanApi of(Session session) {
        return session.component(WlanApi.class, s -> WlanProviders.REGISTRY.select(s).create(s));
    }
}
