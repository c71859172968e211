package io.teardown.kernel.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.Win32FindData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The I/O half of the emulated kernel: files, find handles, file mappings, pipes, mailslots,
 * completion ports, transacted files and the registry — each over a real resource where the host has
 * one. {@link EmulatedKernel32} delegates here; the C-level argument checks live here too.
 */
final class IoApi {
    private static final System.Logger LOG = System.getLogger(IoApi.class.getName());
    private static final Pattern DEVICE = Pattern.compile("(?i)^(\\\\\\\\\\.\\\\)?(COM[1-9]|LPT[1-9])$");
    private static final String PIPE_PREFIX = "\\\\.\\pipe\\";
    private static final String MAILSLOT_PREFIX = "\\\\.\\mailslot\\";
    private static final long ALLOCATION_GRANULARITY = 65536;

    private final Engine engine;

    IoApi(Engine engine) {
        this.engine = engine;
    }

    private void error(int code) {
        engine.error(code);
    }

    private <T extends KernelObject> T use(String function, long h, Class<T> type, int access) {
        return EmulatedKernel32.use(engine, function, h, type, access);
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    // ---------------- files ----------------

    /** {@code CreateFile}/{@code CreateFileTransacted} ({@code transaction} 0: none, -1: a NULL transaction handle). */
    long createFile(String name, int access, int share, SecurityAttributes sa, int disposition, int flags, long transaction) {
        boolean inherit = sa != null && sa.bInheritHandle;
        if (name == null || name.isEmpty()) {
            error(name == null ? 87 : 3);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        if (transaction == -1) {
            error(6);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        if ((flags & Kernel32.FILE_FLAG_OVERLAPPED) != 0 && (transaction != 0 || isDevice(name))) {
            // Overlapped I/O is emulated for real files and named pipes; mailslots, consoles and
            // transacted files stay synchronous (docs/kernel-objects.md).
            LOG.log(System.Logger.Level.INFO, "CreateFile(" + name + "): FILE_FLAG_OVERLAPPED is only emulated for files and pipes");
            error(50);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        if (transaction == 0) {
            if (startsWithIgnoreCase(name, PIPE_PREFIX)) {
                return openPipeClient(name, inherit, (flags & Kernel32.FILE_FLAG_OVERLAPPED) != 0);
            }
            if (startsWithIgnoreCase(name, MAILSLOT_PREFIX)) {
                return openMailslotClient(name, inherit);
            }
            if (name.equalsIgnoreCase("CONOUT$") || name.equalsIgnoreCase("CONIN$")) {
                // A console screen buffer / console input: the JVM's own stdout / stdin.
                return engine.open(new StdStream(name.equalsIgnoreCase("CONIN$") ? -10 : -11, false), access, inherit);
            }
            if (DEVICE.matcher(name).matches()) {
                // A communications device cannot be provided portably: fail as documented, never pretend.
                LOG.log(System.Logger.Level.INFO, "CreateFile(" + name + "): communications devices are not provided "
                        + "by the portable kernel engine; failing with ERROR_NOT_SUPPORTED (50)");
                error(50);
                return Kernel32.INVALID_HANDLE_VALUE;
            }
        }
        TransactionObject tx = null;
        if (transaction != 0) {
            tx = use("CreateFileTransacted", transaction, TransactionObject.class, 0);
            if (tx == null) {
                return Kernel32.INVALID_HANDLE_VALUE;
            }
        }
        try {
            return openFile(name, access, disposition, flags, inherit, tx);
        } finally {
            if (tx != null) {
                tx.dereference();
            }
        }
    }

    /**
     * Whether Windows would refuse {@code name} with ERROR_INVALID_NAME: the wildcards {@code *} and
     * {@code ?}, {@code <}, {@code >}, {@code |}, {@code "} and control characters are never part of a
     * file name; a colon is a drive prefix ({@code C:}) or a stream name ({@code file:stream}), neither of
     * which maps to a file here. Without this, Linux would create a file literally named so.
     */
    static boolean invalidName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == '*' || c == '?' || c == '<' || c == '>' || c == '|' || c == '"' || c == ':') {
                return true;
            }
        }
        return false;
    }

    private long openFile(String name, int access, int disposition, int flags, boolean inherit, TransactionObject tx) {
        if (invalidName(name)) {
            error(123); // ERROR_INVALID_NAME
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            error(123); // ERROR_INVALID_NAME
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        if (tx != null && tx.state() != TransactionObject.State.ACTIVE) {
            error(6701); // ERROR_TRANSACTION_NOT_ACTIVE
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        boolean read = (access & (Kernel32.GENERIC_READ | Kernel32.GENERIC_ALL | 0x1)) != 0;
        boolean write = (access & (Kernel32.GENERIC_WRITE | Kernel32.GENERIC_ALL | 0x2 | 0x4)) != 0;
        boolean exists = Files.exists(path);
        if (Files.isDirectory(path)) {
            error(5);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        Set<OpenOption> options = new HashSet<>();
        switch (disposition) {
            case Kernel32.CREATE_NEW:
                if (exists) {
                    error(80); // ERROR_FILE_EXISTS
                    return Kernel32.INVALID_HANDLE_VALUE;
                }
                options.add(StandardOpenOption.CREATE_NEW);
                break;
            case Kernel32.CREATE_ALWAYS:
                options.add(StandardOpenOption.CREATE);
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
                write = true;
                break;
            case Kernel32.OPEN_EXISTING:
                break;
            case Kernel32.OPEN_ALWAYS:
                options.add(StandardOpenOption.CREATE);
                break;
            case Kernel32.TRUNCATE_EXISTING:
                if (!write) {
                    error(87);
                    return Kernel32.INVALID_HANDLE_VALUE;
                }
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
                break;
            default:
                error(87);
                return Kernel32.INVALID_HANDLE_VALUE;
        }
        if (!exists && (disposition == Kernel32.OPEN_EXISTING || disposition == Kernel32.TRUNCATE_EXISTING)) {
            Path parent = path.toAbsolutePath().getParent();
            error(parent != null && !Files.isDirectory(parent) ? 3 : 2);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        boolean creates = options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW);
        options.add(StandardOpenOption.READ);
        if (write || creates) {
            options.add(StandardOpenOption.WRITE);
        }
        boolean deleteOnClose = (flags & Kernel32.FILE_FLAG_DELETE_ON_CLOSE) != 0;
        try {
            Path target = path;
            if (tx != null && (write || creates)) {
                target = tx.workCopy(path, creates);
                options.remove(StandardOpenOption.CREATE_NEW);
            }
            FileChannel ch = FileChannel.open(target, options);
            AsyncIo async = (flags & Kernel32.FILE_FLAG_OVERLAPPED) != 0 ? new AsyncIo(engine) : null;
            FileObject f = new FileObject(target, ch, read || !write, write || creates, deleteOnClose, tx, async);
            long v = engine.open(f, access, inherit);
            boolean alreadyThere = exists && (disposition == Kernel32.CREATE_ALWAYS || disposition == Kernel32.OPEN_ALWAYS);
            error(alreadyThere ? 183 : 0);
            return v;
        } catch (NoSuchFileException e) {
            error(2);
        } catch (FileAlreadyExistsException e) {
            error(80);
        } catch (AccessDeniedException e) {
            error(5);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            error(5);
        }
        return Kernel32.INVALID_HANDLE_VALUE;
    }

    private static boolean isDevice(String name) {
        return startsWithIgnoreCase(name, MAILSLOT_PREFIX) || name.equalsIgnoreCase("CONOUT$")
                || name.equalsIgnoreCase("CONIN$");
    }

    /**
     * {@code ReadFile}/{@code WriteFile} and, with {@code ex}, {@code ReadFileEx}/{@code WriteFileEx}.
     * Without an {@code OVERLAPPED} the transfer happens in the call. With one, the handle must have been
     * opened with {@code FILE_FLAG_OVERLAPPED} (else 87): a file is read or written at the structure's
     * offset inside the call — TRUE, and the completion delivered through the event, the port or the
     * routine (an APC of this thread, KO-16); a read at the end of the file fails with
     * {@code ERROR_HANDLE_EOF} (38) and delivers nothing, as a call that fails at once does on Windows.
     * Pipes: {@link #overlappedPipe}.
     */
    boolean transfer(long h, byte[] buffer, int n, IntRef done, Overlapped overlapped, boolean write,
                     CompletionRoutine routine, boolean ex) {
        if (done != null) {
            done.value = 0;
        }
        IoObject o = use(write ? (ex ? "WriteFileEx" : "WriteFile") : ex ? "ReadFileEx" : "ReadFile", h, IoObject.class, 0);
        if (o == null) {
            return false;
        }
        try {
            if (buffer == null || n < 0 || n > buffer.length) {
                error(998); // ERROR_NOACCESS: the buffer is not that big
                return false;
            }
            if (overlapped == null && !ex) {
                int r = write ? o.write(buffer, n, engine)
                        : n == 0 ? 0 : o.read(buffer, n, engine); // a zero-byte read completes at once
                if (done != null) {
                    done.value = r;
                }
                return true;
            }
            if (overlapped == null || (ex && routine == null) || o.asyncIo() == null) {
                error(87); // no OVERLAPPED, or a handle not opened for overlapped I/O
                return false;
            }
            if (o instanceof PipeEnd pipe) {
                return overlappedPipe(pipe, buffer, n, done, overlapped, write, routine, ex);
            }
            FileObject f = (FileObject) o;
            long offset = ((long) overlapped.OffsetHigh << 32) | Integer.toUnsignedLong(overlapped.Offset);
            int r = write ? f.writeAt(buffer, n, offset) : f.readAt(buffer, n, offset);
            if (r < 0) {
                overlapped.Internal = 38;
                overlapped.InternalHigh = 0;
                error(38); // ERROR_HANDLE_EOF
                return false;
            }
            f.asyncIo().begin(overlapped, routine).completeAtOnce(0, r);
            if (done != null) {
                done.value = r;
            }
            error(0);
            return true;
        } catch (IoFailure failure) {
            error(failure.code);
            return false;
        } finally {
            o.dereference();
        }
    }

    /**
     * Overlapped I/O on a named pipe: a write is written in the call (it blocks while the OS pipe is
     * full) and completes at once; a read completes at once with what is there, else pends (FALSE with
     * {@code ERROR_IO_PENDING}; TRUE for {@code ReadFileEx}) until data comes, the other end goes (109),
     * or it is cancelled or its handle closed (995; KO-15).
     */
    private boolean overlappedPipe(PipeEnd pipe, byte[] buffer, int n, IntRef done, Overlapped overlapped,
                                   boolean write, CompletionRoutine routine, boolean ex) throws IoFailure {
        if (write) {
            int w = pipe.write(buffer, n, engine);
            pipe.asyncIo().begin(overlapped, routine).completeAtOnce(0, w);
            if (done != null) {
                done.value = w;
            }
            error(0);
            return true;
        }
        IoRequest request = pipe.asyncIo().begin(overlapped, routine);
        if (n == 0 || pipe.readOverlapped(buffer, n, request, engine)) {
            if (n == 0) {
                request.completeAtOnce(0, 0);
            }
            int status = (int) overlapped.Internal;
            if (status != 0) {
                error(status); // the writer was gone: it failed at once
                return false;
            }
            if (done != null) {
                done.value = (int) overlapped.InternalHigh;
            }
            error(0);
            return true;
        }
        if (ex) {
            error(0); // ReadFileEx succeeds once the read is queued; its routine reports the end
            return true;
        }
        error(997); // ERROR_IO_PENDING
        return false;
    }

    boolean readFile(long h, byte[] buffer, int n, IntRef read, Overlapped overlapped) {
        return transfer(h, buffer, n, read, overlapped, false, null, false);
    }

    boolean writeFile(long h, byte[] buffer, int n, IntRef written, Overlapped overlapped) {
        return transfer(h, buffer, n, written, overlapped, true, null, false);
    }

    boolean setFilePointerEx(long h, long distance, LongRef newPosition, int method) {
        FileObject f = use("SetFilePointerEx", h, FileObject.class, 0);
        if (f == null) {
            return false;
        }
        try {
            long base = switch (method) {
                case Kernel32.FILE_BEGIN -> 0;
                case Kernel32.FILE_CURRENT -> f.channel.position();
                case Kernel32.FILE_END -> f.channel.size();
                default -> -1;
            };
            if (base < 0 || base + distance < 0) {
                error(base < 0 ? 87 : 131); // ERROR_NEGATIVE_SEEK
                return false;
            }
            f.channel.position(base + distance);
            if (newPosition != null) {
                newPosition.value = base + distance;
            }
            return true;
        } catch (IOException e) {
            error(6);
            return false;
        } finally {
            f.dereference();
        }
    }

    boolean getFileSizeEx(long h, LongRef size) {
        FileObject f = use("GetFileSizeEx", h, FileObject.class, 0);
        if (f == null) {
            return false;
        }
        try {
            if (size == null) {
                error(998);
                return false;
            }
            size.value = f.channel.size();
            return true;
        } catch (IOException e) {
            error(6);
            return false;
        } finally {
            f.dereference();
        }
    }

    boolean flushFileBuffers(long h) {
        IoObject o = use("FlushFileBuffers", h, IoObject.class, 0);
        if (o == null) {
            return false;
        }
        try {
            if (o instanceof FileObject f) {
                f.channel.force(true);
            }
            return true;
        } catch (IOException e) {
            error(29);
            return false;
        } finally {
            o.dereference();
        }
    }

    // ---------------- find handles (KO-09) ----------------

    long findFirstFile(String pattern, Win32FindData data) {
        if (pattern == null || data == null) {
            error(87);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        String normalized = pattern.replace('\\', '/');
        int slash = normalized.lastIndexOf('/');
        Path dir = Path.of(slash < 0 ? "." : slash == 0 ? "/" : normalized.substring(0, slash));
        String glob = slash < 0 ? normalized : normalized.substring(slash + 1);
        if (glob.equals("*.*")) {
            glob = "*";
        }
        if (!Files.isDirectory(dir)) {
            error(3); // ERROR_PATH_NOT_FOUND
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        List<Path> matches = new ArrayList<>();
        try {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(Locale.ROOT));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (m.matches(Path.of(p.getFileName().toString().toLowerCase(Locale.ROOT)))) {
                        matches.add(p);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            error(123);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        matches.sort(null);
        if (matches.isEmpty()) {
            error(2);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        FindObject f = new FindObject(matches);
        f.next(data);
        long v = engine.open(f, 0, false);
        error(0);
        return v;
    }

    boolean findNextFile(long h, Win32FindData data) {
        FindObject f = use("FindNextFile", h, FindObject.class, 0);
        if (f == null) {
            return false;
        }
        try {
            if (!f.next(data)) {
                error(18); // ERROR_NO_MORE_FILES
                return false;
            }
            return true;
        } finally {
            f.dereference();
        }
    }

    boolean findClose(long h) {
        HandleEntry e = engine.table.get(h);
        if (!(e instanceof HandleRecord r) || r.object.closer() != Closer.FIND_CLOSE || engine.table.close(h) == null) {
            error(6);
            return false;
        }
        return true;
    }

    // ---------------- file mappings (KO-07) ----------------

    long createFileMapping(long hFile, SecurityAttributes sa, int protect, int maxHigh, int maxLow, String name) {
        boolean inherit = sa != null && sa.bInheritHandle;
        boolean writable = (protect & 0xFF) == Kernel32.PAGE_READWRITE || (protect & 0xFF) == 0x40;
        long max = (Integer.toUnsignedLong(maxHigh) << 32) | Integer.toUnsignedLong(maxLow);
        if (max < 0) {
            // more than 2^63 bytes: no section that big can be backed; a Java file position cannot even
            // name it (FileChannel threw IllegalArgumentException here, found by the flat fuzzer)
            error(8);
            return 0;
        }
        FileObject file = null;
        if (hFile != Kernel32.INVALID_HANDLE_VALUE) {
            file = use("CreateFileMapping", hFile, FileObject.class, 0);
            if (file == null) {
                return 0;
            }
        } else if (max == 0) {
            error(87);
            return 0;
        }
        try {
            if (file != null && writable && !file.writable) {
                error(5);
                return 0;
            }
            FileObject f = file;
            int[] err = new int[1];
            java.util.function.Supplier<KernelObject> factory = () -> makeMapping(f, max, writable, err);
            if (name != null && !name.isEmpty()) {
                // The factory cannot fail inside the namespace, so build first, then publish.
                KernelObject made = factory.get();
                if (made == null) {
                    error(err[0]);
                    return 0;
                }
                String filed = Namespace.normalize(name);
                Namespace.Created c = filed == null ? null
                        : engine.namespace.createOrOpen(filed, MappingObject.class, () -> made);
                if (c == null) {
                    made.pin();
                    made.dereference();
                    error(filed == null ? 3 : 6);
                    return 0;
                }
                if (c.object() != made) {
                    made.pin();
                    made.dereference(); // an existing mapping won: release ours
                }
                long v = engine.insert(c.object(), Kernel32.FILE_MAP_ALL_ACCESS, inherit);
                error(c.existed() ? 183 : 0);
                return v;
            }
            KernelObject m = factory.get();
            if (m == null) {
                error(err[0]);
                return 0;
            }
            long v = engine.open(m, Kernel32.FILE_MAP_ALL_ACCESS, inherit);
            error(0);
            return v;
        } finally {
            if (file != null) {
                file.dereference();
            }
        }
    }

    private MappingObject makeMapping(FileObject file, long max, boolean writable, int[] err) {
        try {
            if (file == null) {
                Path temp = Files.createTempFile("teardown-section-", ".map");
                FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
                ch.write(ByteBuffer.wrap(new byte[1]), max - 1);
                return new MappingObject(null, ch, temp, max, true);
            }
            long size = file.channel.size();
            if (max == 0 && size == 0) {
                err[0] = 1006; // ERROR_FILE_INVALID: an empty file cannot be mapped
                return null;
            }
            if (max > size) {
                if (!writable) {
                    err[0] = 8; // STATUS_SECTION_TOO_BIG: a read-only section cannot grow the file
                    return null;
                }
                file.channel.write(ByteBuffer.wrap(new byte[1]), max - 1);
                size = max;
            }
            return new MappingObject(file, file.channel, null, max == 0 ? size : max, writable);
        } catch (IOException e) {
            err[0] = 5;
            return null;
        }
    }

    ByteBuffer mapViewOfFile(long h, int access, int offHigh, int offLow, long bytes) {
        MappingObject m = use("MapViewOfFile", h, MappingObject.class, 0);
        if (m == null) {
            return null;
        }
        boolean write = (access & (Kernel32.FILE_MAP_WRITE | 0xF001F)) == Kernel32.FILE_MAP_WRITE
                || (access & 0xF001F) == 0xF001F;
        try {
            long offset = (Integer.toUnsignedLong(offHigh) << 32) | Integer.toUnsignedLong(offLow);
            if (offset % ALLOCATION_GRANULARITY != 0) {
                error(1132); // ERROR_MAPPED_ALIGNMENT
                return null;
            }
            if (write && !m.writable) {
                error(5);
                return null;
            }
            long length = bytes == 0 ? m.size - offset : bytes;
            if (length <= 0 || offset + length > m.size || length > Integer.MAX_VALUE) {
                error(8); // ERROR_NOT_ENOUGH_MEMORY, as Windows reports a view past the section
                return null;
            }
            MappedByteBuffer view = m.map(offset, length, write);
            m.reference(); // the view's own pointer (KO-07)
            engine.views.put(view, m);
            return view;
        } catch (IOException e) {
            error(8);
            return null;
        } finally {
            m.dereference();
        }
    }

    boolean unmapViewOfFile(ByteBuffer view) {
        MappingObject m = view == null ? null : engine.views.remove(view);
        if (m == null) {
            error(487); // ERROR_INVALID_ADDRESS
            return false;
        }
        if (view instanceof MappedByteBuffer mb && m.writable && !mb.isReadOnly()) {
            mb.force();
        }
        m.dereference();
        return true;
    }

    // ---------------- pipes and mailslots ----------------

    boolean createPipe(LongRef read, LongRef write, boolean inherit) {
        if (read == null || write == null) {
            error(998);
            return false;
        }
        try {
            Pipe p = Pipe.open();
            read.value = engine.open(new PipeEnd(p.source(), null), Kernel32.GENERIC_READ | Kernel32.SYNCHRONIZE, inherit);
            write.value = engine.open(new PipeEnd(null, p.sink()), Kernel32.GENERIC_WRITE | Kernel32.SYNCHRONIZE, inherit);
            return true;
        } catch (IOException e) {
            error(8);
            return false;
        }
    }

    long createNamedPipe(String name, int openMode, int maxInstances, boolean inherit) {
        if (name == null || !startsWithIgnoreCase(name, PIPE_PREFIX) || name.length() == PIPE_PREFIX.length()) {
            error(123);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        int mode = openMode & 0x3;
        if (mode == 0 || maxInstances < 1 || maxInstances > Kernel32.PIPE_UNLIMITED_INSTANCES) {
            error(87);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        synchronized (engine.pipes) {
            if (maxInstances != Kernel32.PIPE_UNLIMITED_INSTANCES && engine.pipes.instances(name) >= maxInstances) {
                error(231); // ERROR_PIPE_BUSY: all instances exist
                return Kernel32.INVALID_HANDLE_VALUE;
            }
            NamedPipeServer s = new NamedPipeServer(name, engine.dispatcher, engine.pipes,
                    (mode & Kernel32.PIPE_ACCESS_INBOUND) != 0, (mode & Kernel32.PIPE_ACCESS_OUTBOUND) != 0);
            if ((openMode & Kernel32.FILE_FLAG_OVERLAPPED) != 0) {
                s.overlapped(new AsyncIo(engine));
            }
            engine.pipes.addPipe(name, s);
            long v = engine.open(s, Kernel32.GENERIC_READ | Kernel32.GENERIC_WRITE | Kernel32.SYNCHRONIZE, inherit);
            error(0);
            return v;
        }
    }

    private long openPipeClient(String name, boolean inherit, boolean overlapped) {
        List<NamedPipeServer> servers = engine.pipes.pipes(name);
        if (servers == null) {
            error(2);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        for (NamedPipeServer s : servers) {
            if (!s.reference()) {
                continue;
            }
            try {
                PipeEnd client = s.connectClient(overlapped ? new AsyncIo(engine) : null);
                if (client != null) {
                    long v = engine.open(client, Kernel32.GENERIC_READ | Kernel32.GENERIC_WRITE, inherit);
                    error(0);
                    return v;
                }
            } catch (IOException e) {
                error(8);
                return Kernel32.INVALID_HANDLE_VALUE;
            } finally {
                s.dereference();
            }
        }
        error(231); // ERROR_PIPE_BUSY
        return Kernel32.INVALID_HANDLE_VALUE;
    }

    boolean connectNamedPipe(long h, Overlapped overlapped) {
        NamedPipeServer s = use("ConnectNamedPipe", h, NamedPipeServer.class, 0);
        if (s == null) {
            return false;
        }
        try {
            if (overlapped != null) {
                error(87);
                return false;
            }
            int r = s.awaitClient(engine);
            if (r != 0) {
                error(r);
                return false;
            }
            return true;
        } finally {
            s.dereference();
        }
    }

    boolean disconnectNamedPipe(long h) {
        NamedPipeServer s = use("DisconnectNamedPipe", h, NamedPipeServer.class, 0);
        if (s == null) {
            return false;
        }
        try {
            s.disconnect();
            return true;
        } finally {
            s.dereference();
        }
    }

    long createMailslot(String name, int maxMessage, int readTimeout, boolean inherit) {
        if (name == null || !startsWithIgnoreCase(name, MAILSLOT_PREFIX) || name.length() == MAILSLOT_PREFIX.length()) {
            error(123);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        Mailslot slot = new Mailslot(name, maxMessage, readTimeout, engine.dispatcher, engine.pipes);
        if (!engine.pipes.addMailslot(name, slot)) {
            error(183); // ERROR_ALREADY_EXISTS
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        long v = engine.open(slot, Kernel32.GENERIC_READ | Kernel32.SYNCHRONIZE, inherit);
        error(0);
        return v;
    }

    private long openMailslotClient(String name, boolean inherit) {
        Mailslot slot = engine.pipes.mailslot(name);
        if (slot == null || !slot.reference()) {
            error(2);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        try {
            long v = engine.open(new Mailslot.Client(slot), Kernel32.GENERIC_WRITE, inherit);
            error(0);
            return v;
        } finally {
            slot.dereference();
        }
    }

    boolean getMailslotInfo(long h, IntRef maxMessage, IntRef nextSize, IntRef count, IntRef timeout) {
        Mailslot m = use("GetMailslotInfo", h, Mailslot.class, 0);
        if (m == null) {
            return false;
        }
        try {
            int[] info = m.info();
            if (maxMessage != null) {
                maxMessage.value = m.maxMessage;
            }
            if (nextSize != null) {
                nextSize.value = info[0];
            }
            if (count != null) {
                count.value = info[1];
            }
            if (timeout != null) {
                timeout.value = m.readTimeout;
            }
            return true;
        } finally {
            m.dereference();
        }
    }

    // ---------------- transactions (KO-08) ----------------

    boolean endTransaction(long h, boolean commit) {
        TransactionObject t = use(commit ? "CommitTransaction" : "RollbackTransaction", h, TransactionObject.class, 0);
        if (t == null) {
            return false;
        }
        try {
            int r = t.end(commit);
            if (r != 0) {
                error(r);
                return false;
            }
            return true;
        } finally {
            t.dereference();
        }
    }

    // ---------------- registry (KO-09) ----------------

    /** A registry call on the key a value names; the key stays referenced for the call. */
    @FunctionalInterface
    private interface KeyCall {
        /** The call's registry status. */
        int on(Registry.Node key);
    }

    /**
     * Runs {@code call} on the key {@code hKey} names (a predefined root or an open key handle) and
     * returns its status, or 6 when it names none. Leaves the last error alone: Reg* return their error.
     */
    private int withKey(String function, long hKey, KeyCall call) {
        Registry.Node root = engine.registry.root(hKey);
        if (root != null) {
            return call.on(root);
        }
        int saved = engine.session.lastError().get();
        RegistryKeyObject k = use(function, hKey, RegistryKeyObject.class, 0);
        engine.session.lastError().set(saved);
        if (k == null) {
            return 6;
        }
        try {
            return call.on(k.node);
        } finally {
            k.dereference();
        }
    }

    int regOpenKeyEx(long hKey, String subKey, int sam, LongRef result, boolean create, IntRef disposition) {
        if (result == null) {
            return 87;
        }
        return withKey(create ? "RegCreateKeyEx" : "RegOpenKeyEx", hKey, from -> {
            boolean existed = engine.registry.exists(from, subKey);
            Registry.Node n = engine.registry.find(from, subKey, create);
            if (n == null) {
                return 2;
            }
            if (disposition != null) {
                disposition.value = existed ? Kernel32.REG_OPENED_EXISTING_KEY : Kernel32.REG_CREATED_NEW_KEY;
            }
            result.value = engine.open(new RegistryKeyObject(n), sam, false);
            return 0;
        });
    }

    int regSetValueEx(long hKey, String name, int type, byte[] data, int size) {
        return withKey("RegSetValueEx", hKey, n -> {
            if (size < 0 || (data == null && size > 0) || (data != null && size > data.length)) {
                return 998;
            }
            engine.registry.set(n, name, new Registry.Value(type, data == null ? new byte[0] : java.util.Arrays.copyOf(data, size)));
            return 0;
        });
    }

    int regQueryValueEx(long hKey, String name, IntRef type, byte[] data, IntRef size) {
        return withKey("RegQueryValueEx", hKey, n -> {
            Registry.Value v = engine.registry.get(n, name);
            if (v == null) {
                return 2;
            }
            if (type != null) {
                type.value = v.type();
            }
            if (data != null) {
                if (size == null) {
                    return 998;
                }
                if (size.value < v.data().length || data.length < v.data().length) {
                    size.value = v.data().length;
                    return 234; // ERROR_MORE_DATA
                }
                System.arraycopy(v.data(), 0, data, 0, v.data().length);
            }
            if (size != null) {
                size.value = v.data().length;
            }
            return 0;
        });
    }

    /**
     * {@code RegCloseKey}: a predefined key returns 0 and nothing happens (KO-09); an open key (or any
     * other kernel handle, as RegCloseKey ends in NtClose) is closed; anything else is 6.
     */
    int regCloseKey(long hKey) {
        if (Registry.predefined(hKey)) {
            return 0;
        }
        HandleEntry e = EmulatedKernel32.pseudo(hKey) ? null : engine.table.get(hKey);
        if (e == null || e.closer() == Closer.FIND_CLOSE) {
            return 6;
        }
        if (e instanceof HandleRecord r && (r.flags() & Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0) {
            return 6;
        }
        long start = System.nanoTime();
        boolean closed = engine.table.close(hKey) != null;
        if (engine.session.closeEvents().enabled()) {
            engine.session.closeEvents().emit(io.teardown.api.HandleSpace.KERNEL, "RegCloseKey", hKey, e.typeName(),
                    closed ? 0 : 6, closed ? CloseEvent.Outcome.CLOSED : CloseEvent.Outcome.INVALID, start);
        }
        return closed ? 0 : 6;
    }
}
