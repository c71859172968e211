package io.teardown.wlan.spi;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;

/**
 * A backend for the wlan subsystem ({@code WlanCloseHandle}), found by {@link java.util.ServiceLoader}.
 * It supplies a {@link WlanDriver}; the subsystem's front puts {@link io.teardown.wlan.WlanApi} on top, so
 * the rules before the service (WL-01 … WL-03, WL-07, WL-08) are written once for every backend.
 * {@code backend-netty} plugs its transport into the portable engine; {@code backend-native} calls
 * Windows. The constructor must do no work; {@link #create} is called once per session, for the chosen
 * provider only.
 */
public interface WlanProvider extends BackendProvider {
    /** Builds this backend's driver for one session. Called once per session. */
    WlanDriver create(Session session);
}
