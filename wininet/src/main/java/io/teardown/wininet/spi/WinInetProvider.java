package io.teardown.wininet.spi;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;
import io.teardown.wininet.WinInet;

/**
 * A backend for the wininet subsystem ({@code InternetCloseHandle}), found by {@link java.util.ServiceLoader}.
 * {@code backend-netty} plugs its transports into the portable engine; {@code backend-native} calls
 * Windows. The constructor must do no work; {@link #create} is called once per session, for the chosen
 * provider only.
 */
public interface WinInetProvider extends BackendProvider {
    /** Builds this backend's {@link WinInet} for one session. Called once per session. */
    WinInet create(Session session);
}
