package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link InternetStatusCallbacks} with a recording {@link WinInetLibrary}: the callback is held from
 * before {@code InternetSetStatusCallback} until {@code HANDLE_CLOSING} (WI-03) has been delivered.
 */
@Timeout(30)
class InternetStatusCallbacksTest {
    private static final int ERROR_INTERNET_INCORRECT_HANDLE_TYPE = 12018;
    private static final HINTERNET SESSION = new HINTERNET(new Pointer(0xCC0004));
    private static final HINTERNET CONNECT = new HINTERNET(new Pointer(0xCC0008));
    private static final HINTERNET REQUEST = new HINTERNET(new Pointer(0xCC000C));

    private record Status(long handle, long context, int status, int length) {
    }

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWinInet wininet = new RecordingWinInet(slot);
    private final CallbackKeeper<Long> keeper = new CallbackKeeper<>();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final InternetStatusCallbacks callbacks =
            new InternetStatusCallbacks(wininet, new NativeCalls(slot), keeper, uncaught::add);
    private final List<Status> seen = new CopyOnWriteArrayList<>();

    private void record(long handle, long context, int status, Pointer info, int length) {
        seen.add(new Status(handle, context, status, length));
    }

    private static void deliver(WinInetLibrary.INTERNET_STATUS_CALLBACK cb, HINTERNET h, long context, int status,
            Pointer info, int length) {
        cb.callback(h, new ULONG_PTR(context), status, info, length);
    }

    @Test
    void installHoldsTheCallbackBeforeWinInetCanCallIt() {
        wininet.during("InternetSetStatusCallback",
                args -> assertTrue(keeper.holdsAny(SESSION.value()), "held before the call"));
        NativeCalls.Captured<Pointer> r = callbacks.install(SESSION, this::record);
        assertNull(r.value(), "no previous callback");
        assertTrue(callbacks.holds(SESSION));
        assertTrue(keeper.holds(SESSION.value(), wininet.installed.get()), "the object WinINet got is the one held");
    }

    @Test
    void failedInstallDropsItAndReportsTheError() {
        wininet.answer("InternetSetStatusCallback", -1L, ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
        NativeCalls.Captured<Pointer> r = callbacks.install(new HINTERNET(), this::record);
        assertTrue(WinInetLibrary.isInvalidStatusCallback(r.value()));
        assertEquals(ERROR_INTERNET_INCORRECT_HANDLE_TYPE, r.lastError());
        assertTrue(keeper.owners().isEmpty());
    }

    @Test
    void handleClosingIsDeliveredThenReleases() {
        callbacks.install(SESSION, (h, ctx, status, info, len) -> {
            record(h, ctx, status, info, len);
            assertTrue(keeper.holdsAny(h), "still held while the listener runs");
        });
        callbacks.childCreated(SESSION, CONNECT);
        callbacks.childCreated(CONNECT, REQUEST);
        WinInetLibrary.INTERNET_STATUS_CALLBACK cb = wininet.installed.get();
        // Closing the session reports its children deepest first (WI-03).
        deliver(cb, REQUEST, 7, WinInetLibrary.INTERNET_STATUS_HANDLE_CLOSING, null, Native.POINTER_SIZE);
        assertFalse(callbacks.holds(REQUEST));
        assertTrue(callbacks.holds(CONNECT));
        deliver(cb, CONNECT, 7, WinInetLibrary.INTERNET_STATUS_HANDLE_CLOSING, null, Native.POINTER_SIZE);
        deliver(cb, SESSION, 7, WinInetLibrary.INTERNET_STATUS_HANDLE_CLOSING, null, Native.POINTER_SIZE);
        assertTrue(keeper.owners().isEmpty(), "nothing held once every handle reported HANDLE_CLOSING");
        assertEquals(List.of(REQUEST.value(), CONNECT.value(), SESSION.value()),
                seen.stream().map(Status::handle).toList());
        assertTrue(uncaught.isEmpty());
    }

    @Test
    void otherStatusesDoNotRelease() {
        callbacks.install(SESSION, this::record);
        WinInetLibrary.INTERNET_STATUS_CALLBACK cb = wininet.installed.get();
        deliver(cb, SESSION, 7, WinInetLibrary.INTERNET_STATUS_REQUEST_COMPLETE, null, 16);
        deliver(cb, SESSION, 7, WinInetLibrary.INTERNET_STATUS_CONNECTION_CLOSED, null, 0);
        assertTrue(callbacks.holds(SESSION), "REQUEST_COMPLETE may precede HANDLE_CLOSING (WI-04)");
        assertEquals(List.of(new Status(SESSION.value(), 7, 100, 16), new Status(SESSION.value(), 7, 51, 0)), seen);
    }

    @Test
    void handleCreatedHoldsTheNewHandle() {
        callbacks.install(CONNECT, this::record);
        Memory created = new Memory(Native.POINTER_SIZE); // the HINTERNET itself (WI-11)
        created.setPointer(0, new Pointer(REQUEST.value()));
        deliver(wininet.installed.get(), CONNECT, 9, WinInetLibrary.INTERNET_STATUS_HANDLE_CREATED,
                created, Native.POINTER_SIZE);
        assertTrue(callbacks.holds(REQUEST));
    }

    @Test
    void handlesWithoutContextAreReleasedWhenCloseReturns() {
        callbacks.install(SESSION, this::record);
        callbacks.childCreated(SESSION, CONNECT);
        callbacks.closedWithoutCallbacks(CONNECT);
        assertFalse(callbacks.holds(CONNECT));
        assertTrue(callbacks.holds(SESSION));
    }

    @Test
    void aThrowingListenerNeverReachesWinInetAndStillReleases() {
        IllegalStateException boom = new IllegalStateException("listener bug");
        callbacks.install(SESSION, (h, ctx, status, info, len) -> {
            throw boom;
        });
        deliver(wininet.installed.get(), SESSION, 7, WinInetLibrary.INTERNET_STATUS_HANDLE_CLOSING, null, 8);
        assertEquals(List.of(boom), uncaught);
        assertFalse(callbacks.holds(SESSION));
    }

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "JNA creates stdcall trampolines only on Windows "
            + "(elsewhere: 'Invalid calling convention 63')")
    void jnaCanCallTheDispatcherThroughANativeFunctionPointer() {
        // The same path WinINet takes: a native call into JNA's trampoline, which converts the C
        // arguments to HINTERNET/ULONG_PTR and reflects into this (opened) package.
        callbacks.install(SESSION, this::record);
        WinInetLibrary.INTERNET_STATUS_CALLBACK cb = wininet.installed.get();
        Pointer trampoline = CallbackReference.getFunctionPointer(cb);
        Memory info = new Memory(Native.POINTER_SIZE);
        info.setPointer(0, SESSION.getPointer());
        Function.getFunction(trampoline).invoke(void.class, new Object[] {
            SESSION, new ULONG_PTR(42), WinInetLibrary.INTERNET_STATUS_HANDLE_CLOSING, info, Native.POINTER_SIZE});
        assertEquals(List.of(new Status(SESSION.value(), 42, 70, Native.POINTER_SIZE)), seen);
        assertFalse(callbacks.holds(SESSION));
        assertSame(cb, wininet.installed.get());
    }
}
