package io.teardown.backend.windows.jna;

import com.sun.jna.Callback;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps JNA callbacks strongly reachable while Windows may still call them. JNA frees a callback's
 * native trampoline when the Java object is garbage collected; if Windows then calls it, the VM
 * crashes. Windows keeps a registered callback per handle (WinINet: every handle created under the
 * one it was set on; WLAN: the client session), so callbacks are held per owner key (the native
 * handle value) until {@link #release} says Windows is done with that owner.
 *
 * <p>An owner may hold several callbacks (a replaced callback may still be running or, in WinINet,
 * be used by handles created before the replacement); all of them are held until the owner is
 * released. Thread-safe: callbacks arrive on Windows' threads.
 *
 * @param <K> owner key, normally the handle value
 */
public final class CallbackKeeper<K> {
    private final Map<K, Set<Callback>> held = new ConcurrentHashMap<>();

    /** An empty keeper. */
    public CallbackKeeper() {
    }

    /** Holds {@code callback} for {@code owner} (in addition to what the owner already holds). */
    public void hold(K owner, Callback callback) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(callback, "callback");
        held.compute(owner, (k, set) -> {
            Set<Callback> next = set == null ? new LinkedHashSet<>() : new LinkedHashSet<>(set);
            next.add(callback);
            return Set.copyOf(next);
        });
    }

    /**
     * Lets {@code child} hold whatever {@code parent} holds (a WinINet child handle inherits its
     * parent's status callback). Returns whether the parent held anything.
     */
    public boolean inherit(K parent, K child) {
        Set<Callback> parents = held.get(parent);
        if (parents == null) {
            return false;
        }
        parents.forEach(cb -> hold(child, cb));
        return true;
    }

    /** Drops {@code callback} from {@code owner} only (a registration that failed). */
    public void drop(K owner, Callback callback) {
        held.computeIfPresent(owner, (k, set) -> {
            Set<Callback> next = new LinkedHashSet<>(set);
            next.remove(callback);
            return next.isEmpty() ? null : Set.copyOf(next);
        });
    }

    /** Releases everything {@code owner} holds; returns how many callbacks it held. */
    public int release(K owner) {
        Set<Callback> removed = held.remove(owner);
        return removed == null ? 0 : removed.size();
    }

    /** Whether {@code owner} holds {@code callback}. */
    public boolean holds(K owner, Callback callback) {
        Set<Callback> set = held.get(owner);
        return set != null && set.contains(callback);
    }

    /** Whether {@code owner} holds any callback. */
    public boolean holdsAny(K owner) {
        return held.containsKey(owner);
    }

    /** The owners currently holding callbacks (a snapshot). */
    public Set<K> owners() {
        return Set.copyOf(held.keySet());
    }
}
