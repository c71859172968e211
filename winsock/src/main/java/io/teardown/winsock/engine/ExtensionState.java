package io.teardown.winsock.engine;

import java.util.ArrayList;

/**
 * What a {@link StreamSocket} keeps for the extension functions (WS-18), created on first use so that
 * sockets that never meet {@code AcceptEx}, {@code ConnectEx} or {@code DisconnectEx} pay one null
 * reference for it. Guarded by the owning socket's lock.
 */
final class ExtensionState {
    /** Listener: the AcceptEx operations issued on it that have not ended, oldest first. */
    ArrayList<AcceptExOp> acceptExOps;
    /** Accept socket: the AcceptEx it is the target of, until that ends. */
    AcceptExOp acceptingInto;
    /** Backlog child whose connection an AcceptEx moved into another socket: its transport events go there. */
    StreamSocket movedTo;
    /** Accept socket: the backlog child its connection came from (which forwards the transport's events). */
    StreamSocket adoptedFrom;
    /** Accepted by AcceptEx, {@code SO_UPDATE_ACCEPT_CONTEXT} not set yet: not a full socket. */
    boolean acceptContextPending;
    /** Connected by ConnectEx, {@code SO_UPDATE_CONNECT_CONTEXT} not set yet: not a full socket. */
    boolean connectContextPending;
    /** Connected by ConnectEx (so {@code SO_UPDATE_CONNECT_CONTEXT} applies). */
    boolean connectedByConnectEx;
    /** A pending ConnectEx. */
    OverlappedOp connectEx;
    /** The bytes the pending ConnectEx sends once connected (may be empty). */
    byte[] connectExData;
    /**
     * After {@code DisconnectEx(TF_REUSE_SOCKET)}: unconnected and reusable; late events of the old
     * connection are dropped until a new connection attaches.
     */
    boolean reused;
}
