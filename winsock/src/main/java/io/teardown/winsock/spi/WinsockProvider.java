package io.teardown.winsock.spi;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;

/**
 * A backend for the winsock subsystem ({@code closesocket}), found by {@link java.util.ServiceLoader}.
 * It supplies a {@link WinsockDriver}; the subsystem's front puts {@link io.teardown.winsock.Ws2_32} on
 * top, so the rules before the work (WS-01 … WS-03, WS-08's sizes, WS-14, WS-15, WS-17) are written once
 * for every backend. {@code backend-netty} plugs its transports into the portable engine;
 * {@code backend-native} calls Windows. The constructor must do no work; {@link #create} is called once
 * per session, for the chosen provider only. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 */
public interface WinsockProvider extends BackendProvider {
    /** Builds this backend's driver for one session. Called once per session. */
    WinsockDriver<?> create(Session session);
}
