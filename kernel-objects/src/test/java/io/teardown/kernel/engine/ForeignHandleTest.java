package io.teardown.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.MisuseException;
import io.teardown.api.Session;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.front.KernelFront;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CloseHandle on handles other subsystems put in the shared kernel table routes by
 * {@link HandleEntry#closer()} (KO-09, WS-15). The entries here are small real implementations of the
 * interface Winsock's socket entries implement, so the routing is tested without the winsock module.
 */
class ForeignHandleTest {
    /** Stands for a socket (or find handle, or key) entry of another subsystem. */
    static final class ForeignEntry implements HandleEntry {
        final AtomicInteger reclaimed = new AtomicInteger();
        private final String type;
        private final Closer closer;

        ForeignEntry(String type, Closer closer) {
            this.type = type;
            this.closer = closer;
        }

        @Override
        public String typeName() {
            return type;
        }

        @Override
        public Closer closer() {
            return closer;
        }

        @Override
        public void reclaim() {
            reclaimed.incrementAndGet();
        }
    }

    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    private Session session(boolean strict, List<Misuse> seen) {
        Session.Builder b = Session.builder().strict(strict);
        if (seen != null) {
            b.misuseHandler(seen::add);
        }
        Session s = b.build();
        sessions.add(s);
        return s;
    }

    @AfterEach
    void close() {
        sessions.forEach(Session::close);
    }

    @Test
    void closeHandleOnASocketClosesItThroughTheTable() {
        Session s = session(false, null);
        KernelFront k = new KernelFront(s, new EngineKernelDriver(s));
        ForeignEntry socket = new ForeignEntry("Socket", Closer.CLOSESOCKET);
        long h = s.handles(HandleSpace.KERNEL).insert(socket);
        k.SetLastError(99);
        assertTrue(k.CloseHandle(h), "WS-15: CloseHandle works on a socket");
        assertEquals(99, k.GetLastError());
        assertEquals(1, socket.reclaimed.get(), "the socket entry's reclaim() did the close");
        assertNull(s.handles(HandleSpace.KERNEL).get(h));
        assertFalse(k.CloseHandle(h));
        assertEquals(6, k.GetLastError());
    }

    @Test
    void strictModeFlagsASocketClosedWithCloseHandleButStillClosesIt() {
        List<Misuse> seen = new CopyOnWriteArrayList<>();
        Session s = session(true, seen);
        KernelFront k = new KernelFront(s, new EngineKernelDriver(s));
        ForeignEntry socket = new ForeignEntry("Socket", Closer.CLOSESOCKET);
        long h = s.handles(HandleSpace.KERNEL).insert(socket);
        assertTrue(k.CloseHandle(h));
        assertEquals(1, socket.reclaimed.get());
        assertEquals(1, seen.size());
        assertEquals(Misuse.Kind.WRONG_CLOSER, seen.get(0).kind());

        Session throwing = session(true, null);
        KernelFront k2 = new KernelFront(throwing, new EngineKernelDriver(throwing));
        ForeignEntry socket2 = new ForeignEntry("Socket", Closer.CLOSESOCKET);
        long h2 = throwing.handles(HandleSpace.KERNEL).insert(socket2);
        assertThrows(MisuseException.class, () -> k2.CloseHandle(h2));
        assertEquals(1, socket2.reclaimed.get(), "the close happened before the misuse was raised");
    }

    @Test
    void duplicateOfASocketIsAKernelHandleButNotASocket() {
        Session s = session(false, null);
        KernelFront k = new KernelFront(s, new EngineKernelDriver(s));
        ForeignEntry socket = new ForeignEntry("Socket", Closer.CLOSESOCKET);
        long h = s.handles(HandleSpace.KERNEL).insert(socket);
        LongRef copy = new LongRef();
        assertTrue(k.DuplicateHandle(-1, h, -1, copy, 0, false, Kernel32.DUPLICATE_SAME_ACCESS));
        assertNotEquals(h, copy.value);
        HandleEntry e = s.handles(HandleSpace.KERNEL).get(copy.value);
        assertNotNull(e);
        assertEquals("Socket", e.typeName());
        assertEquals(Closer.CLOSE_HANDLE, e.closer(), "WS-02: closesocket will not take it");
        assertTrue(k.CloseHandle(copy.value));
        assertEquals(0, socket.reclaimed.get(), "closing the copy leaves the socket alone");
        assertTrue(k.CloseHandle(h));
        assertEquals(1, socket.reclaimed.get());
    }

    @Test
    void findHandleFailsAndRegistryKeyReportsSuccessWithoutClosing() {
        Session s = session(false, null);
        KernelFront k = new KernelFront(s, new EngineKernelDriver(s));
        ForeignEntry find = new ForeignEntry("Find", Closer.FIND_CLOSE);
        ForeignEntry key = new ForeignEntry("Key", Closer.REG_CLOSE_KEY);
        long f = s.handles(HandleSpace.KERNEL).insert(find);
        long r = s.handles(HandleSpace.KERNEL).insert(key);
        assertFalse(k.CloseHandle(f));
        assertEquals(6, k.GetLastError());
        k.SetLastError(5);
        assertTrue(k.CloseHandle(r));
        assertEquals(5, k.GetLastError());
        assertEquals(0, find.reclaimed.get());
        assertEquals(0, key.reclaimed.get());
        assertEquals(0, k.RegCloseKey(r), "RegCloseKey closes the key");
        assertEquals(1, key.reclaimed.get());
        s.handles(HandleSpace.KERNEL).close(f);
    }

    @Test
    void strictModeThrowsForFindHandlesAndSocketsCanBeProtected() {
        Session s = session(true, null);
        KernelFront k = new KernelFront(s, new EngineKernelDriver(s));
        ForeignEntry find = new ForeignEntry("Find", Closer.FIND_CLOSE);
        long f = s.handles(HandleSpace.KERNEL).insert(find);
        MisuseException e = assertThrows(MisuseException.class, () -> k.CloseHandle(f));
        assertEquals(Misuse.STATUS_INVALID_HANDLE, e.misuse().ntStatus());
        assertEquals(6, k.GetLastError());
        s.handles(HandleSpace.KERNEL).close(f);

        Session plain = session(false, null);
        KernelFront k2 = new KernelFront(plain, new EngineKernelDriver(plain));
        ForeignEntry socket = new ForeignEntry("Socket", Closer.CLOSESOCKET);
        long h = plain.handles(HandleSpace.KERNEL).insert(socket);
        assertTrue(k2.SetHandleInformation(h, Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE, Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE));
        assertFalse(k2.CloseHandle(h), "KO-12 holds for sockets too");
        assertEquals(0, socket.reclaimed.get());
        assertTrue(k2.SetHandleInformation(h, Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
        assertTrue(k2.CloseHandle(h));
    }

    @Test
    void otherTablesValuesAreJustInvalidHere() {
        Session s = session(false, null);
        KernelFront k = new KernelFront(s, new EngineKernelDriver(s));
        ForeignEntry internet = new ForeignEntry("Internet", Closer.INTERNET_CLOSE_HANDLE);
        long inet = s.handles(HandleSpace.INTERNET).insert(internet);
        assertNull(s.handles(HandleSpace.KERNEL).get(inet), "the kernel table has no handle with that value");
        assertFalse(k.CloseHandle(inet), "a WinINet value means nothing to CloseHandle");
        assertEquals(6, k.GetLastError());
        assertEquals(0, internet.reclaimed.get());
        assertNotNull(s.handles(HandleSpace.INTERNET).get(inet), "the HINTERNET is untouched");
        s.handles(HandleSpace.INTERNET).close(inet);
    }
}
