package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.front.KernelFront;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The documented error numbers of the I/O types, on real files and pipes. */
@Timeout(30)
class IoErrorsTest {
    private final Session session = Session.builder().build();
    private final KernelFront k = new KernelFront(session, new EngineKernelDriver(session));
    private final Path dir;

    IoErrorsTest() throws IOException {
        dir = Files.createTempDirectory("teardown-io-");
    }

    @AfterEach
    void close() throws IOException {
        assertEquals(0, session.handles(HandleSpace.KERNEL).size(), "every handle was closed");
        session.close();
        k.close();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** CreateFile refuses what Windows refuses with ERROR_INVALID_NAME (123) and creates nothing. */
    @Test
    void createFileRejectsInvalidNames() throws IOException {
        for (String bad : new String[] {"a*b", "a?b", "a<b", "a>b", "a|b", "a\"b", "a\u0001b", "a\tb", "Q:\\x", "f:stream"}) {
            String name = dir.resolve(bad).toString();
            assertEquals(INVALID_HANDLE_VALUE, k.CreateFile(name, GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, 0), bad);
            assertEquals(123, k.GetLastError(), () -> "ERROR_INVALID_NAME for " + bad);
        }
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no literal file was created");
        }
    }

    @Test
    void fileDispositions() throws IOException {
        Path p = dir.resolve("f");
        long a = k.CreateFile(p.toString(), GENERIC_WRITE, 0, null, CREATE_NEW, 0, 0);
        assertEquals(0, k.GetLastError());
        assertEquals(INVALID_HANDLE_VALUE, k.CreateFile(p.toString(), GENERIC_WRITE, 0, null, CREATE_NEW, 0, 0));
        assertEquals(80, k.GetLastError(), "ERROR_FILE_EXISTS");
        long b = k.CreateFile(p.toString(), GENERIC_READ, 0, null, OPEN_ALWAYS, 0, 0);
        assertEquals(183, k.GetLastError(), "OPEN_ALWAYS on an existing file");
        assertEquals(INVALID_HANDLE_VALUE, k.CreateFile(dir.resolve("missing").toString(), GENERIC_READ, 0, null, OPEN_EXISTING, 0, 0));
        assertEquals(2, k.GetLastError());
        IntRef n = new IntRef();
        assertFalse(k.ReadFile(a, new byte[1], 1, n, null), "opened for writing only");
        assertEquals(5, k.GetLastError());
        assertFalse(k.ReadFile(b, new byte[1], 2, n, null), "a length past the buffer");
        assertEquals(998, k.GetLastError());
        assertTrue(k.ReadFile(b, new byte[1], 1, n, null));
        assertEquals(0, n.value, "end of file reads 0 bytes");
        assertTrue(k.CloseHandle(a));
        assertTrue(k.CloseHandle(b));
        assertTrue(Files.exists(p));
    }

    @Test
    void mappingErrors() throws IOException {
        Path p = dir.resolve("m");
        Files.write(p, new byte[100]);
        long f = k.CreateFile(p.toString(), GENERIC_READ, 0, null, OPEN_EXISTING, 0, 0);
        assertEquals(0, k.CreateFileMapping(f, null, PAGE_READWRITE, 0, 0, null), "a read-only file");
        assertEquals(5, k.GetLastError());
        long m = k.CreateFileMapping(f, null, PAGE_READONLY, 0, 0, null);
        assertNotEquals(0, m);
        assertNull(k.MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0));
        assertEquals(5, k.GetLastError());
        assertNull(k.MapViewOfFile(m, FILE_MAP_READ, 0, 4096, 0));
        assertEquals(1132, k.GetLastError(), "ERROR_MAPPED_ALIGNMENT");
        assertFalse(k.UnmapViewOfFile(java.nio.ByteBuffer.allocate(1)));
        assertEquals(487, k.GetLastError(), "ERROR_INVALID_ADDRESS");
        long empty = k.CreateFile(dir.resolve("e").toString(), GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_NEW, 0, 0);
        assertEquals(0, k.CreateFileMapping(empty, null, PAGE_READWRITE, 0, 0, null));
        assertEquals(1006, k.GetLastError(), "ERROR_FILE_INVALID");
        long mem = k.CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 8192, "mem");
        java.nio.ByteBuffer v = k.MapViewOfFile(mem, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        v.putInt(0, 42);
        long other = k.OpenFileMapping(FILE_MAP_READ, false, "mem");
        java.nio.ByteBuffer w = k.MapViewOfFile(other, FILE_MAP_READ, 0, 0, 0);
        assertEquals(42, w.getInt(0), "two views of one section share memory");
        assertTrue(k.UnmapViewOfFile(v));
        assertTrue(k.UnmapViewOfFile(w));
        for (long h : new long[] {f, m, empty, mem, other}) {
            assertTrue(k.CloseHandle(h));
        }
    }

    @Test
    void pipeErrors() {
        String name = "\\\\.\\pipe\\" + UUID.randomUUID();
        assertEquals(INVALID_HANDLE_VALUE, k.CreateFile(name, GENERIC_READ, 0, null, OPEN_EXISTING, 0, 0));
        assertEquals(2, k.GetLastError(), "no such pipe");
        long server = k.CreateNamedPipe(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, null);
        assertEquals(INVALID_HANDLE_VALUE, k.CreateNamedPipe(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, null));
        assertEquals(231, k.GetLastError(), "all instances exist");
        IntRef n = new IntRef();
        assertFalse(k.ReadFile(server, new byte[1], 1, n, null));
        assertEquals(536, k.GetLastError(), "ERROR_PIPE_LISTENING");
        long client = k.CreateFile(name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, 0);
        assertEquals(INVALID_HANDLE_VALUE, k.CreateFile(name, GENERIC_READ, 0, null, OPEN_EXISTING, 0, 0));
        assertEquals(231, k.GetLastError(), "ERROR_PIPE_BUSY");
        assertFalse(k.ConnectNamedPipe(server, null));
        assertEquals(535, k.GetLastError(), "ERROR_PIPE_CONNECTED: the client came first");
        assertTrue(k.WriteFile(server, new byte[] {7}, 1, n, null));
        assertTrue(k.CloseHandle(client));
        assertFalse(k.WriteFile(server, new byte[] {7}, 1, n, null));
        assertEquals(232, k.GetLastError(), "ERROR_NO_DATA: the reader is gone");
        assertTrue(k.DisconnectNamedPipe(server));
        assertTrue(k.CloseHandle(server));

        LongRef r = new LongRef();
        LongRef w = new LongRef();
        assertTrue(k.CreatePipe(r, w, null, 0));
        assertFalse(k.WriteFile(r.value, new byte[1], 1, n, null), "the read end cannot write");
        assertEquals(5, k.GetLastError());
        assertTrue(k.ReadFile(r.value, new byte[1], 0, n, null), "a zero-byte read completes at once");
        assertTrue(k.CloseHandle(r.value));
        assertFalse(k.WriteFile(w.value, new byte[1], 1, n, null));
        assertEquals(232, k.GetLastError());
        assertTrue(k.CloseHandle(w.value));
    }

    @Test
    void mailslotTimeoutAndSizes() {
        String name = "\\\\.\\mailslot\\" + UUID.randomUUID();
        long slot = k.CreateMailslot(name, 4, 50, null);
        assertEquals(INVALID_HANDLE_VALUE, k.CreateMailslot(name, 4, 50, null));
        assertEquals(183, k.GetLastError());
        IntRef n = new IntRef();
        assertFalse(k.ReadFile(slot, new byte[8], 8, n, null));
        assertEquals(121, k.GetLastError(), "ERROR_SEM_TIMEOUT");
        long w = k.CreateFile(name, GENERIC_WRITE, FILE_SHARE_READ, null, OPEN_EXISTING, 0, 0);
        assertFalse(k.WriteFile(w, new byte[5], 5, n, null), "longer than the maximum");
        assertEquals(87, k.GetLastError());
        assertTrue(k.WriteFile(w, new byte[] {1, 2, 3}, 3, n, null));
        assertFalse(k.ReadFile(slot, new byte[2], 2, n, null));
        assertEquals(122, k.GetLastError(), "ERROR_INSUFFICIENT_BUFFER");
        byte[] got = new byte[4];
        assertTrue(k.ReadFile(slot, got, 4, n, null));
        assertArrayEquals(new byte[] {1, 2, 3, 0}, got);
        assertTrue(k.CloseHandle(slot));
        assertFalse(k.WriteFile(w, new byte[1], 1, n, null), "the server is gone");
        assertTrue(k.CloseHandle(w));
    }

    @Test
    void findAndRegistryAndTransactionErrors() throws IOException {
        assertEquals(INVALID_HANDLE_VALUE, k.FindFirstFile(dir.resolve("*.none").toString(), new Win32FindData()));
        assertEquals(2, k.GetLastError());
        assertEquals(INVALID_HANDLE_VALUE, k.FindFirstFile(dir.resolve("no-dir").resolve("*").toString(), new Win32FindData()));
        assertEquals(3, k.GetLastError());

        LongRef key = new LongRef();
        assertEquals(2, k.RegOpenKeyEx(HKEY_LOCAL_MACHINE, "SOFTWARE\\NoSuchKey", 0, KEY_READ, key));
        IntRef disp = new IntRef();
        assertEquals(0, k.RegCreateKeyEx(HKEY_CURRENT_USER, "Software\\Teardown", 0, null, 0, KEY_ALL_ACCESS, null, key, disp));
        assertEquals(REG_CREATED_NEW_KEY, disp.value);
        byte[] value = {1, 2, 3, 4};
        assertEquals(0, k.RegSetValueEx(key.value, "v", 0, REG_BINARY, value, 4));
        IntRef size = new IntRef(2);
        assertEquals(234, k.RegQueryValueEx(key.value, "v", null, null, new byte[2], size), "ERROR_MORE_DATA");
        assertEquals(4, size.value);
        byte[] got = new byte[4];
        assertEquals(0, k.RegQueryValueEx(key.value, "V", null, null, got, size), "value names are case-insensitive");
        assertArrayEquals(value, got);
        k.SetLastError(31);
        assertEquals(0, k.RegCloseKey(key.value));
        assertEquals(31, k.GetLastError(), "registry calls leave the last error alone");

        long tx = k.CreateTransaction(null, null, 0, 0, 0, 0, null);
        assertTrue(k.CommitTransaction(tx));
        assertFalse(k.CommitTransaction(tx));
        assertEquals(6705, k.GetLastError());
        assertFalse(k.RollbackTransaction(tx));
        assertEquals(6705, k.GetLastError());
        assertEquals(INVALID_HANDLE_VALUE, k.CreateFileTransacted(dir.resolve("t").toString(), GENERIC_WRITE, 0, null,
                CREATE_NEW, 0, 0, tx, null, null));
        assertEquals(6701, k.GetLastError(), "ERROR_TRANSACTION_NOT_ACTIVE");
        assertTrue(k.CloseHandle(tx));

        long tx2 = k.CreateTransaction(null, null, 0, 0, 0, 0, null);
        Path created = dir.resolve("created-in-tx");
        long f = k.CreateFileTransacted(created.toString(), GENERIC_WRITE, 0, null, CREATE_NEW, 0, 0, tx2, null, null);
        IntRef n = new IntRef();
        assertTrue(k.WriteFile(f, new byte[] {9}, 1, n, null));
        assertTrue(k.CloseHandle(f));
        assertFalse(Files.exists(created), "not visible before commit");
        assertTrue(k.CloseHandle(tx2));
        assertFalse(Files.exists(created), "closing an uncommitted transaction rolls it back");
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no working copy left behind");
        }
    }
}
