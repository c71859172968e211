package io.teardown.backend.netty.winsock;

import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.ReceivedBytes;

/** The engine's side of a bare transport connection in a test: received bytes are dropped, events ignored. */
final class DiscardingEvents implements ConnectionEvents {
    @Override
    public void received(ReceivedBytes data) {
        data.release();
    }

    @Override
    public void endOfStream() {
    }

    @Override
    public void failed(boolean reset) {
    }

    @Override
    public void writable() {
    }

    @Override
    public void closed() {
    }
}
