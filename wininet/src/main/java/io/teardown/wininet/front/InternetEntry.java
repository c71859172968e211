package io.teardown.wininet.front;

import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.wininet.spi.WinInetDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * One HINTERNET in the session's {@link io.teardown.api.HandleSpace#INTERNET} table: a node of the
 * handle tree (WI-02) — its kind, which decides the functions that accept it, its mode, its parent and
 * children — and the driver's {@link WinInetDriver.Node} behind it. The table reclaims it once the value
 * was closed and the last call that leased it returned (WI-07), and only then does the driver release it.
 *
 * <p>{@code children}, {@code invalidated} and {@code freedWithParent} are guarded by the
 * {@link HandleTree}'s lock.
 */
final class InternetEntry implements HandleEntry {
    /** {@link #releaseResult()} before the release ran: a call in flight still holds the entry. */
    static final int PENDING = Integer.MIN_VALUE;

    /** Which functions accept a handle (12018 for the others). */
    enum Kind {
        /** {@code INTERNET_HANDLE_TYPE_INTERNET}, from InternetOpen. */
        SESSION,
        /** {@code INTERNET_HANDLE_TYPE_CONNECT_HTTP}, from InternetConnect. */
        CONNECT,
        /** {@code INTERNET_HANDLE_TYPE_HTTP_REQUEST}, from HttpOpenRequest or InternetOpenUrl. */
        REQUEST
    }

    final HandleTree tree;
    final WinInetDriver.Node node;
    final Kind kind;
    /** The function that made it: the type name of close events and leak reports. */
    final String function;
    /** {@code INTERNET_FLAG_ASYNC} on the tree's InternetOpen (WI-10). */
    final boolean async;
    final InternetEntry parent;
    final List<InternetEntry> children = new ArrayList<>();
    volatile long value;
    volatile boolean invalidated;
    /** An ancestor's close (or the session's, through an ancestor) frees this handle too (WI-02). */
    boolean freedWithParent;
    private volatile int releaseResult = PENDING;

    InternetEntry(HandleTree tree, WinInetDriver.Node node, Kind kind, String function, boolean async,
                  InternetEntry parent) {
        this.tree = tree;
        this.node = node;
        this.kind = kind;
        this.function = function;
        this.async = async;
        this.parent = parent;
    }

    /** 0, 997 or the error of the driver's release, or {@link #PENDING} while a call in flight holds the entry. */
    int releaseResult() {
        return releaseResult;
    }

    @Override
    public String typeName() {
        return function;
    }

    @Override
    public Closer closer() {
        return Closer.INTERNET_CLOSE_HANDLE;
    }

    @Override
    public void reclaim() {
        releaseResult = tree.released(this);
    }

    @Override
    public String toString() {
        return function + "[0x" + Long.toHexString(value) + "]";
    }
}
