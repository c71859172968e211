package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.FILE_FLAG_OVERLAPPED;
import static io.teardown.kernel.Kernel32.GENERIC_READ;
import static io.teardown.kernel.Kernel32.GENERIC_WRITE;
import static io.teardown.kernel.Kernel32.OPEN_EXISTING;
import static io.teardown.kernel.Kernel32.PIPE_ACCESS_DUPLEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.Session;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.front.KernelFront;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overlapped reads of a pipe complete in the order they were issued (KO-15): bytes go to the oldest
 * read still waiting, never to a newer read that happens to look at the pipe first. A newer read that
 * took them left the older one waiting for bytes that had already gone — the hang
 * {@link CompletionPortModelPropertyTest} saw on a loaded machine.
 */
class OverlappedPipeReadOrderTest {
    private static final int ROUNDS = 200;

    private Session session;
    private KernelFront k;
    private long server;
    private long client;

    @BeforeEach
    void open() {
        session = Session.builder().name("pipe-order").leakTracking(LeakTracking.OFF).build();
        k = new KernelFront(session, new EngineKernelDriver(session));
        String name = "\\\\.\\pipe\\order-" + UUID.randomUUID();
        server = k.CreateNamedPipe(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1, 4096, 4096, 0, null);
        client = k.CreateFile(name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, 0);
    }

    @AfterEach
    void close() {
        k.CloseHandle(client);
        k.CloseHandle(server);
        session.close();
    }

    @Test
    void KO_15_aNewReadWaitsBehindAnOlderPendingReadEvenWhenBytesAreThere() {
        for (int round = 0; round < ROUNDS; round++) {
            Overlapped older = pend(10);
            write(4);
            Overlapped newer = new Overlapped();
            // The bytes belong to the older read, whether or not it has taken them yet.
            assertFalse(k.ReadFile(server, new byte[10], 10, new IntRef(), newer), "round " + round);
            assertEquals(997, k.GetLastError()); // ERROR_IO_PENDING
            assertResult(older, 4);
            assertEquals(Overlapped.STATUS_PENDING, newer.Internal);
            write(3);
            assertResult(newer, 3);
        }
    }

    @Test
    void KO_15_bytesWrittenUnderSeveralPendingReadsGoToTheOldest() {
        for (int round = 0; round < ROUNDS; round++) {
            Overlapped first = pend(20);
            Overlapped second = pend(2);
            Overlapped third = pend(20);
            write(11);
            assertResult(first, 11);
            assertEquals(Overlapped.STATUS_PENDING, second.Internal, "round " + round);
            assertEquals(Overlapped.STATUS_PENDING, third.Internal, "round " + round);
            write(7);
            assertResult(second, 2);
            assertResult(third, 5);
        }
    }

    private Overlapped pend(int size) {
        Overlapped ov = new Overlapped();
        assertFalse(k.ReadFile(server, new byte[size], size, new IntRef(), ov));
        assertEquals(997, k.GetLastError());
        return ov;
    }

    private void write(int bytes) {
        IntRef n = new IntRef();
        assertTrue(k.WriteFile(client, new byte[bytes], bytes, n, null));
        assertEquals(bytes, n.value);
    }

    private void assertResult(Overlapped ov, int bytes) {
        IntRef done = new IntRef();
        // Bounded: a read left waiting for bytes another read took would wait for ever.
        assertTrue(k.GetOverlappedResultEx(server, ov, done, 10_000, false), "last error " + k.GetLastError());
        assertEquals(bytes, done.value);
    }
}
