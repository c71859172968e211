package io.teardown.wininet.engine;

import io.teardown.wininet.WinInet;

/** A session handle from {@code InternetOpen}: the root of a handle tree (WI-02), context 0 (WI-03). */
final class RootHandle extends InternetHandle {
    final String agent;

    RootHandle(EmulatedWinInet engine, boolean async, Options options, String agent) {
        super(engine, null, async, options, 0);
        this.agent = agent;
    }

    @Override
    int handleType() {
        return WinInet.INTERNET_HANDLE_TYPE_INTERNET;
    }

    @Override
    public String typeName() {
        return "InternetOpen";
    }
}
