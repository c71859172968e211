package io.teardown.wininet.engine;

import io.teardown.wininet.WinInet;

/**
 * A session handle from {@code InternetOpen}: the root of a handle tree (WI-02), context 0 (WI-03). Its
 * flags choose the tree's mode, and so where every callback of the tree runs (WI-10, WI-11).
 */
final class RootHandle extends InternetHandle {
    final String agent;
    /** The {@code User-Agent} header every request of this tree sends by default, or null (no agent). */
    final HttpConnection.Header agentHeader;

    RootHandle(boolean async, Delivery delivery, Options options, String agent) {
        super(null, async, delivery, options, 0);
        this.agent = agent;
        this.agentHeader = agent == null || agent.isEmpty() ? null : new HttpConnection.Header("User-Agent", agent);
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
