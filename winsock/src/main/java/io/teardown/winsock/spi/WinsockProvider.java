package io.teardown.winsock.spi;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;
import io.teardown.winsock.Ws2_32;

/**
 * A backend for the winsock subsystem ({@code closesocket}), found by {@link java.util.ServiceLoader}.
 * {@code backend-netty} plugs its transports into the portable engine; {@code backend-native} calls
 * Windows. The constructor must do no work; {@link #create} is called once per session, for the chosen
 * provider only.
 */
public interface WinsockProvider extends BackendProvider {
    /** Builds this backend's {@link Ws2_32} for one session. Called once per session. */
    Ws2_32 create(Session session);
}
