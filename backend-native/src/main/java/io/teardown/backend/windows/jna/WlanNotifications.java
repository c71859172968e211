package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.Win32Error;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Registers WLAN notification callbacks and closes client sessions so that a callback is held from
 * before {@code WlanRegisterNotification} until {@code WlanCloseHandle} has returned (it waits for a
 * running callback, WL-06, and discards the rest, WL-05; after it nothing calls the callback), and so
 * that {@code WlanCloseHandle} is never called from inside the session's own callback, where Windows
 * deadlocks (WL-07): that call is refused with {@code ERROR_POSSIBLE_DEADLOCK} (1131).
 */
public final class WlanNotifications {
    private static final int ERROR_SUCCESS = Win32Error.ERROR_SUCCESS.code();
    /** Windows closed nothing (WL-03). */
    private static final int ERROR_INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    /** Windows closed nothing (WL-02). */
    private static final int ERROR_INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    /** The WL-07 refusal. */
    private static final int ERROR_POSSIBLE_DEADLOCK = Win32Error.ERROR_POSSIBLE_DEADLOCK.code();

    /** What the Java side receives. */
    @FunctionalInterface
    public interface Listener {
        /** One notification (runs on a WLAN service thread; the data is valid only during the call). */
        void notification(WLAN_NOTIFICATION_DATA data);
    }

    private final WlanApiLibrary wlan;
    private final CallbackKeeper<Long> keeper;
    private final Consumer<Throwable> uncaught;
    private final Map<Long, Set<Thread>> inside = new ConcurrentHashMap<>();

    /** Notifications for {@code wlan}, callbacks kept in {@code keeper}, listener failures to {@code uncaught}. */
    public WlanNotifications(WlanApiLibrary wlan, CallbackKeeper<Long> keeper, Consumer<Throwable> uncaught) {
        this.wlan = Objects.requireNonNull(wlan, "wlan");
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        this.uncaught = Objects.requireNonNull(uncaught, "uncaught");
    }

    /**
     * {@code WlanRegisterNotification(client, source, ignoreDuplicate, dispatcher, NULL, NULL, prev)};
     * returns its error code. A callback that failed to register is dropped; callbacks registered
     * earlier stay held until {@link #close}.
     */
    public int register(HANDLE client, int source, boolean ignoreDuplicate, Listener listener,
            IntByReference previousSource) {
        long key = value(client);
        Dispatcher dispatcher = new Dispatcher(key, Objects.requireNonNull(listener, "listener"));
        keeper.hold(key, dispatcher);
        int rc = wlan.WlanRegisterNotification(client, source, ignoreDuplicate, dispatcher, null, null, previousSource);
        if (rc != ERROR_SUCCESS) {
            keeper.drop(key, dispatcher);
        }
        return rc;
    }

    /**
     * {@code WlanCloseHandle(client, NULL)}, refused with {@code ERROR_POSSIBLE_DEADLOCK} when called
     * from the session's own notification callback (WL-07). The session's callbacks are released once
     * the close has returned, unless Windows rejected it without closing anything (87, 6).
     */
    public int close(HANDLE client) {
        long key = value(client);
        if (insideCallback(client)) {
            return ERROR_POSSIBLE_DEADLOCK;
        }
        int rc = wlan.WlanCloseHandle(client, null);
        if (rc != ERROR_INVALID_PARAMETER && rc != ERROR_INVALID_HANDLE) {
            keeper.release(key);
            inside.remove(key);
        }
        return rc;
    }

    /** Whether the calling thread is running a notification callback of {@code client}. */
    public boolean insideCallback(HANDLE client) {
        Set<Thread> threads = inside.get(value(client));
        return threads != null && threads.contains(Thread.currentThread());
    }

    private static long value(HANDLE handle) {
        return handle == null ? 0 : Pointer.nativeValue(handle.getPointer());
    }

    /** The {@code WLAN_NOTIFICATION_CALLBACK} handed to wlanapi, one per registration. */
    private final class Dispatcher implements WlanApiLibrary.WLAN_NOTIFICATION_CALLBACK {
        private final long client;
        private final Listener listener;

        Dispatcher(long client, Listener listener) {
            this.client = client;
            this.listener = listener;
        }

        @Override
        public void callback(WLAN_NOTIFICATION_DATA data, Pointer context) {
            Set<Thread> threads = inside.computeIfAbsent(client, k -> ConcurrentHashMap.newKeySet());
            Thread self = Thread.currentThread();
            threads.add(self);
            try {
                listener.notification(data);
            } catch (Throwable t) {
                uncaught.accept(t);
            } finally {
                threads.remove(self);
            }
        }
    }
}
