package io.teardown.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.handle.HandleEntry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionTest {
    record Thing(String typeName, AtomicInteger reclaimed) implements HandleEntry {
        Thing(String type) {
            this(type, new AtomicInteger());
        }

        @Override
        public void reclaim() {
            reclaimed.incrementAndGet();
        }
    }

    @Test
    void closingTheSessionReportsAndReleasesEveryOpenHandle() {
        List<LeakReport> leaks = new CopyOnWriteArrayList<>();
        Thing socket = new Thing("Socket");
        Thing request = new Thing("Request");
        long hs;
        long hr;
        try (Session s = Session.builder().leakListener(leaks::add).build()) {
            hs = s.handles(HandleSpace.KERNEL).insert(socket);
            hr = s.handles(HandleSpace.INTERNET).insert(request);
            long closed = s.handles(HandleSpace.KERNEL).insert(new Thing("Event"));
            s.handles(HandleSpace.KERNEL).close(closed);
        }
        assertEquals(2, leaks.size());
        assertEquals(new LeakReport(HandleSpace.KERNEL, hs, "Socket", LeakReport.Reason.SESSION_CLOSED,
                java.util.Optional.empty()), leaks.get(0));
        assertEquals(hr, leaks.get(1).handle());
        assertTrue(leaks.get(0).describe().startsWith("LEAK: Socket handle 0x"));
        assertTrue(leaks.get(0).describe().contains("-Dteardown.leakTracking=PARANOID"),
                "names the exact switch: " + leaks.get(0).describe());
        assertEquals(1, socket.reclaimed().get());
        assertEquals(1, request.reclaimed().get());
    }

    @Test
    void paranoidTrackingReportsWhereTheHandleWasOpened() {
        List<LeakReport> leaks = new CopyOnWriteArrayList<>();
        try (Session s = Session.builder().leakTracking(LeakTracking.PARANOID).leakListener(leaks::add).build()) {
            s.handles(HandleSpace.WLAN).insert(new Thing("WlanClient"));
        }
        Throwable origin = leaks.get(0).origin().orElseThrow();
        assertTrue(java.util.Arrays.stream(origin.getStackTrace())
                .anyMatch(e -> e.getMethodName().equals("paranoidTrackingReportsWhereTheHandleWasOpened")));
    }

    @Test
    void anUnreachableObjectApiHandleIsReportedByTheCleaner() throws Exception {
        List<LeakReport> leaks = new CopyOnWriteArrayList<>();
        try (Session s = Session.builder().leakListener(leaks::add).build()) {
            long h = s.handles(HandleSpace.KERNEL).insert(new Thing("Event"));
            watchAndDrop(s, h);
            for (int i = 0; i < 200 && leaks.isEmpty(); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(LeakReport.Reason.UNREACHABLE, leaks.get(0).reason());
            assertEquals(h, leaks.get(0).handle());
            s.handles(HandleSpace.KERNEL).close(h);
        }
        assertEquals(1, leaks.size(), "closed before the session: no second report");
    }

    private static void watchAndDrop(Session s, long h) {
        Object owner = new Object();
        s.watch(owner, HandleSpace.KERNEL, h, "Event");
    }

    @Test
    void aClosedWatchReportsNothing() throws Exception {
        List<LeakReport> leaks = new CopyOnWriteArrayList<>();
        try (Session s = Session.builder().leakListener(leaks::add).build()) {
            Object owner = new Object();
            LeakWatch w = s.watch(owner, HandleSpace.KERNEL, 4, "Event");
            w.closed();
            w.closed();
        }
        assertTrue(leaks.isEmpty());
    }

    @Test
    void lastErrorIsPerThreadAndPerSession() throws Exception {
        try (Session a = Session.open(); Session b = Session.open()) {
            a.lastError().set(Win32Error.WSAENOTSOCK);
            b.lastError().set(6);
            Thread t = new Thread(() -> a.lastError().set(997));
            t.start();
            t.join();
            assertEquals(10038, a.lastError().get());
            assertEquals(6, b.lastError().get());
        }
    }

    @Test
    void misuseIsRaisedOnlyInStrictMode() {
        Misuse m = new Misuse(Misuse.Kind.INVALID_HANDLE, "CloseHandle", 0x1234, Misuse.STATUS_INVALID_HANDLE, "never issued");
        try (Session lax = Session.builder().strict(false).build()) {
            lax.misuse(m);
        }
        try (Session strict = Session.builder().strict(true).build()) {
            MisuseException e = assertThrows(MisuseException.class, () -> strict.misuse(m));
            assertSame(m, e.misuse());
            assertTrue(e.getMessage().contains("0xC0000008"), e.getMessage());
        }
        List<Misuse> handled = new CopyOnWriteArrayList<>();
        try (Session strict = Session.builder().strict(true).misuseHandler(handled::add).build()) {
            strict.misuse(m);
        }
        assertEquals(List.of(m), handled);
    }

    @Test
    void closeEventsReachListenersAndAFailingListenerDoesNotStopOthers() {
        List<CloseEvent> seen = new CopyOnWriteArrayList<>();
        try (Session s = Session.open()) {
            assertFalse(s.closeEvents().enabled() && !jfrOn(), "no listener yet");
            s.closeEvents().addListener(e -> {
                throw new IllegalStateException("boom");
            });
            s.closeEvents().addListener(seen::add);
            assertTrue(s.closeEvents().enabled());
            s.closeEvents().emit(HandleSpace.KERNEL, "closesocket", 8, "Socket", 0, CloseEvent.Outcome.GRACEFUL, System.nanoTime());
        }
        assertEquals(1, seen.size());
        assertEquals("closesocket", seen.get(0).function());
        assertTrue(seen.get(0).succeeded());
    }

    private static boolean jfrOn() {
        return false;
    }

    @Test
    void componentsAreBuiltOnceAndClosedNewestFirst() {
        List<String> closed = new CopyOnWriteArrayList<>();
        AtomicInteger built = new AtomicInteger();
        Session s = Session.open();
        Named first = s.component(Named.class, x -> {
            built.incrementAndGet();
            return new Named("first", closed);
        });
        assertSame(first, s.component(Named.class, x -> {
            built.incrementAndGet();
            return new Named("again", closed);
        }));
        s.component(CharSequence.class, x -> new Named("second", closed));
        assertEquals(1, built.get());
        s.close();
        s.close();
        assertEquals(List.of("second", "first"), closed);
        assertFalse(s.isOpen());
        assertThrows(IllegalStateException.class, () -> s.component(Long.class, x -> 1L));
    }

    record Named(String name, List<String> log) implements CharSequence, AutoCloseable {
        @Override
        public void close() {
            log.add(name);
        }

        @Override
        public int length() {
            return name.length();
        }

        @Override
        public char charAt(int index) {
            return name.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return name.subSequence(start, end);
        }
    }

    @Test
    void aComponentFactoryMayAskForAnotherComponent() {
        try (Session s = Session.open()) {
            List<String> log = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 64; i++) {
                Named outer = s.component(Named.class, x -> {
                    CharSequence inner = x.component(CharSequence.class, y -> new Named("inner", log));
                    return new Named("outer:" + ((Named) inner).name(), log);
                });
                assertEquals("outer:inner", outer.name());
            }
        }
    }

    @Test
    void propertiesComeFromTheBuilderOverSystemProperties() {
        try (Session s = Session.builder().property("teardown.x", "1").backend("winsock", "netty").build()) {
            assertEquals("1", s.property("teardown.x").orElseThrow());
            assertEquals("netty", s.backendChoices().get("winsock"));
        }
    }
}
