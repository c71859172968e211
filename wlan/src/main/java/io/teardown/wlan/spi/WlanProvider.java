package io.teardown.wlan.spi;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;
import io.teardown.wlan.WlanApi;

/**
 * A backend for the wlan subsystem ({@code WlanCloseHandle}), found by {@link java.util.ServiceLoader}.
 * {@code backend-netty} plugs its transports into the portable engine; {@code backend-native} calls
 * Windows. The constructor must do no work; {@link #create} is called once per session, for the chosen
 * provider only.
 */
public interface WlanProvider extends BackendProvider {
    /** Builds this backend's {@link WlanApi} for one session. Called once per session. */
    WlanApi create(Session session);
}
