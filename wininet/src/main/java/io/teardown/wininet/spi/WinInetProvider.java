package io.teardown.wininet.spi;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;

/**
 * A backend for the wininet subsystem ({@code InternetCloseHandle}), found by {@link java.util.ServiceLoader}.
 * It supplies a {@link WinInetDriver}; the subsystem's front puts {@link io.teardown.wininet.WinInet} on
 * top, so the rules before the work (the handle tree, handle types, WI-02, WI-07, WI-08) are written once
 * for every backend. {@code backend-netty} plugs its transports into the portable engine;
 * {@code backend-native} calls Windows. The constructor must do no work; {@link #create} is called once per
 * session, for the chosen provider only. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>.
 */
public interface WinInetProvider extends BackendProvider {
    /** Builds this backend's driver for one session. Called once per session. */
    WinInetDriver create(Session session);
}
