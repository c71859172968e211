package io.teardown.kernel.engine;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.front.KernelFront;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ReadFile} on the standard input handle (KO-04) and its end by {@code CancelSynchronousIo},
 * {@code CloseHandle} and the session's close (KO-10). The session's standard input is a real OS pipe
 * here (put in place of the JVM's stdin through the session's {@link StdinReader} component), so the
 * test controls when bytes and end of input arrive.
 */
@Timeout(30)
class StandardInputTest {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Session session = Session.builder().strict(false).build();
    private final Pipe stdin;
    private final StdinReader reader;
    private final KernelFront k;

    StandardInputTest() throws IOException {
        stdin = Pipe.open();
        reader = session.component(StdinReader.class,
                s -> new StdinReader(s.name(), () -> Channels.newInputStream(stdin.source())));
        k = new KernelFront(session, new EngineKernelDriver(session));
    }

    @AfterEach
    void close() throws IOException {
        session.close();
        stdin.sink().close();
        stdin.source().close(); // ends a pump read still under way
    }

    private void send(String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(US_ASCII));
        while (b.hasRemaining()) {
            stdin.sink().write(b);
        }
    }

    /** A ReadFile of the standard input on its own thread, with a handle to that thread for CancelSynchronousIo. */
    private final class BlockedRead {
        final long thread;
        final Thread java;
        volatile boolean ok;
        volatile int error = -1;
        volatile String data;
        volatile boolean interruptedAfter;

        BlockedRead(boolean interrupted) throws InterruptedException {
            this(Kernel32.STD_INPUT_HANDLE, interrupted);
        }

        BlockedRead(long handle, boolean interrupted) throws InterruptedException {
            LongRef me = new LongRef();
            CountDownLatch ready = new CountDownLatch(1);
            java = new Thread(() -> {
                k.DuplicateHandle(k.GetCurrentProcess(), k.GetCurrentThread(), k.GetCurrentProcess(), me, 0, false,
                        Kernel32.DUPLICATE_SAME_ACCESS);
                ready.countDown();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                byte[] buf = new byte[16];
                IntRef n = new IntRef();
                ok = k.ReadFile(handle, buf, buf.length, n, null);
                data = new String(buf, 0, n.value, US_ASCII);
                interruptedAfter = Thread.currentThread().isInterrupted();
                error = ok ? 0 : k.GetLastError();
            }, "stdin-reader");
            java.start();
            ready.await();
            thread = me.value;
            long deadline = System.nanoTime() + BOUND_NANOS;
            while (reader.waiting() == 0) {
                assertTrue(System.nanoTime() < deadline, "the ReadFile began waiting");
                Thread.sleep(1);
            }
        }

        /** Waits for the read to end, within the bound. */
        void ended() throws InterruptedException {
            java.join(TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
            assertFalse(java.isAlive(), "the blocked ReadFile ended within the bound");
        }
    }

    @Test
    void KO_04_readFileOnStandardInputDeliversWhatArrives() throws Exception {
        send("hello");
        byte[] buf = new byte[16];
        IntRef n = new IntRef();
        assertTrue(k.ReadFile(Kernel32.STD_INPUT_HANDLE, buf, buf.length, n, null));
        assertEquals("hello", new String(buf, 0, n.value, US_ASCII));

        BlockedRead r = new BlockedRead(false);
        send("world");
        r.ended();
        assertTrue(r.ok);
        assertEquals("world", r.data, "bytes that arrive while a ReadFile waits reach it");
        assertTrue(k.CloseHandle(r.thread));
    }

    @Test
    void KO_04_standardInputTakesNoMoreThanWasAskedFor() throws Exception {
        send("abcdef");
        byte[] buf = new byte[2];
        IntRef n = new IntRef();
        assertTrue(k.ReadFile(Kernel32.STD_INPUT_HANDLE, buf, 2, n, null));
        assertEquals("ab", new String(buf, 0, n.value, US_ASCII));
        // The rest is still in the OS pipe for whoever else reads the process's stdin.
        ByteBuffer rest = ByteBuffer.allocate(4);
        while (rest.hasRemaining()) {
            stdin.source().read(rest);
        }
        assertEquals("cdef", new String(rest.array(), US_ASCII));
    }

    @Test
    void KO_04_standardInputAtItsEndReadsZeroBytes() throws Exception {
        send("last");
        stdin.sink().close();
        byte[] buf = new byte[16];
        IntRef n = new IntRef();
        assertTrue(k.ReadFile(Kernel32.STD_INPUT_HANDLE, buf, buf.length, n, null));
        assertEquals("last", new String(buf, 0, n.value, US_ASCII));
        for (int i = 0; i < 2; i++) {
            n.value = -1;
            assertTrue(k.ReadFile(Kernel32.STD_INPUT_HANDLE, buf, buf.length, n, null), "end of input is success");
            assertEquals(0, n.value, "with 0 bytes, every time it is asked");
        }
    }

    @Test
    void KO_04_aFailingStandardInputReportsBrokenPipe() throws Exception {
        stdin.source().close();
        byte[] buf = new byte[16];
        IntRef n = new IntRef();
        assertFalse(k.ReadFile(Kernel32.STD_INPUT_HANDLE, buf, buf.length, n, null));
        assertEquals(109, k.GetLastError(), "ERROR_BROKEN_PIPE");
        assertEquals(0, n.value);
    }

    @Test
    void KO_10_cancelSynchronousIoEndsABlockedStandardInputRead() throws Exception {
        BlockedRead r = new BlockedRead(false);
        long t0 = System.nanoTime();
        assertTrue(k.CancelSynchronousIo(r.thread), "CancelSynchronousIo found the blocked read");
        r.ended();
        assertTrue(System.nanoTime() - t0 < BOUND_NANOS);
        assertFalse(r.ok);
        assertEquals(995, r.error, "ERROR_OPERATION_ABORTED");
        assertFalse(k.CancelSynchronousIo(r.thread), "nothing left to cancel");
        assertEquals(1168, k.GetLastError(), "ERROR_NOT_FOUND");
        assertTrue(k.CloseHandle(r.thread));
    }

    @Test
    void KO_10_bytesReadForACancelledCallerGoToTheNextRead() throws Exception {
        BlockedRead r = new BlockedRead(false);
        assertTrue(k.CancelSynchronousIo(r.thread));
        r.ended();
        assertEquals(995, r.error);
        // The pump's read of the real pipe was already under way; what it brings is kept, not lost.
        send("kept");
        byte[] buf = new byte[16];
        IntRef n = new IntRef();
        assertTrue(k.ReadFile(Kernel32.STD_INPUT_HANDLE, buf, buf.length, n, null));
        assertEquals("kept", new String(buf, 0, n.value, US_ASCII));
        assertTrue(k.CloseHandle(r.thread));
    }

    @Test
    void KO_10_interruptDoesNotEndAStandardInputReadButCancelStillDoes() throws Exception {
        BlockedRead r = new BlockedRead(true);
        assertTrue(k.CancelSynchronousIo(r.thread));
        r.ended();
        assertEquals(995, r.error);
        assertTrue(r.interruptedAfter, "the interrupt flag is kept for the application");
        assertTrue(k.CloseHandle(r.thread));
    }

    @Test
    void KO_10_closingStandardInputDuringABlockedReadReturnsAtOnceAndTheReadEndsAsItWouldHave() throws Exception {
        BlockedRead r = new BlockedRead(false);
        long t0 = System.nanoTime();
        assertTrue(k.CloseHandle(Kernel32.STD_INPUT_HANDLE));
        assertTrue(System.nanoTime() - t0 < BOUND_NANOS, "never deadlocks the closer");
        assertEquals(0, k.GetStdHandle(Kernel32.STD_INPUT_HANDLE), "KO-04: no standard input any more");
        assertTrue(r.java.isAlive(), "the close does not wake the reader (as for a pipe)");
        send("late");
        r.ended();
        assertTrue(r.ok);
        assertEquals("late", r.data, "the read holds its object alive and ends as it would have");

        long conin = k.CreateFile("CONIN$", Kernel32.GENERIC_READ, 0, null, Kernel32.OPEN_EXISTING, 0, 0);
        BlockedRead again = new BlockedRead(conin, false);
        assertTrue(k.CloseHandle(conin));
        assertTrue(again.java.isAlive());
        assertTrue(k.CancelSynchronousIo(again.thread), "a read through CONIN$, closed too, is still cancellable");
        again.ended();
        assertEquals(995, again.error);
        assertTrue(k.CloseHandle(r.thread) && k.CloseHandle(again.thread));
    }

    @Test
    void KO_10_closingTheSessionEndsABlockedStandardInputRead() throws Exception {
        BlockedRead r = new BlockedRead(false);
        long t0 = System.nanoTime();
        session.close();
        r.ended();
        assertTrue(System.nanoTime() - t0 < BOUND_NANOS);
        assertFalse(r.ok);
        assertEquals(995, r.error, "ERROR_OPERATION_ABORTED, as for a thread's I/O when its process ends");
    }
}
