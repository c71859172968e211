package io.teardown.kernel.engine;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.spi.ResolvedHandle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Files for the engine driver: {@code CreateFile} (real files, and the pipe, mailslot and console
 * names it opens), synchronous and overlapped {@code ReadFile}/{@code WriteFile}/{@code ReadFileEx}/
 * {@code WriteFileEx} (KO-15, KO-16), file position and size, and transacted files (KO-08), each over a
 * real resource where the host has one. See docs/kernel-objects.md.
 */
final class FileApi extends EngineCalls {
    private static final System.Logger LOG = System.getLogger(FileApi.class.getName());
    private static final Pattern DEVICE = Pattern.compile("(?i)^(\\\\\\\\\\.\\\\)?(COM[1-9]|LPT[1-9])$");

    private final PipeApi pipes;

    FileApi(Engine engine, PipeApi pipes) {
        super(engine);
        this.pipes = pipes;
    }

    // ---------------- files ----------------

    /** {@code CreateFile}/{@code CreateFileTransacted} ({@code transaction} null: not transacted). */
    long createFile(String name, int access, int share, SecurityAttributes sa, int disposition, int flags,
                    ResolvedHandle transaction) {
        boolean inherit = sa != null && sa.bInheritHandle;
        if (name == null || name.isEmpty()) {
            error(name == null ? 87 : 3);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        if ((flags & Kernel32.FILE_FLAG_OVERLAPPED) != 0 && (transaction != null || isDevice(name))) {
            // Overlapped I/O is emulated for real files and named pipes; mailslots, consoles and
            // transacted files stay synchronous (docs/kernel-objects.md).
            LOG.log(System.Logger.Level.INFO, "CreateFile(" + name + "): FILE_FLAG_OVERLAPPED is only emulated for files and pipes");
            error(Win32Error.ERROR_NOT_SUPPORTED);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        if (transaction == null) {
            if (startsWithIgnoreCase(name, PipeApi.PIPE_PREFIX)) {
                return pipes.openPipeClient(name, inherit, (flags & Kernel32.FILE_FLAG_OVERLAPPED) != 0);
            }
            if (startsWithIgnoreCase(name, PipeApi.MAILSLOT_PREFIX)) {
                return pipes.openMailslotClient(name, inherit);
            }
            if (name.equalsIgnoreCase("CONOUT$") || name.equalsIgnoreCase("CONIN$")) {
                // A console screen buffer / console input: the JVM's own stdout / stdin.
                return engine.open(new StdStream(name.equalsIgnoreCase("CONIN$") ? -10 : -11, false), access, inherit);
            }
            if (DEVICE.matcher(name).matches()) {
                // A communications device cannot be provided portably: fail as documented, never pretend.
                LOG.log(System.Logger.Level.INFO, "CreateFile(" + name + "): communications devices are not provided "
                        + "by the portable kernel engine; failing with ERROR_NOT_SUPPORTED (50)");
                error(Win32Error.ERROR_NOT_SUPPORTED);
                return Kernel32.INVALID_HANDLE_VALUE;
            }
        }
        TransactionObject tx = null;
        if (transaction != null) {
            tx = use(transaction, TransactionObject.class, 0);
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
            error(Win32Error.ERROR_INVALID_NAME);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            error(Win32Error.ERROR_INVALID_NAME);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        if (tx != null && tx.state() != TransactionObject.State.ACTIVE) {
            error(Win32Error.ERROR_TRANSACTION_NOT_ACTIVE);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        boolean read = (access & (Kernel32.GENERIC_READ | Kernel32.GENERIC_ALL | 0x1)) != 0;
        boolean write = (access & (Kernel32.GENERIC_WRITE | Kernel32.GENERIC_ALL | 0x2 | 0x4)) != 0;
        boolean exists = Files.exists(path);
        if (Files.isDirectory(path)) {
            error(Win32Error.ERROR_ACCESS_DENIED);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        Set<OpenOption> options = new HashSet<>();
        switch (disposition) {
            case Kernel32.CREATE_NEW:
                if (exists) {
                    error(Win32Error.ERROR_FILE_EXISTS);
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
                    error(Win32Error.ERROR_INVALID_PARAMETER);
                    return Kernel32.INVALID_HANDLE_VALUE;
                }
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
                break;
            default:
                error(Win32Error.ERROR_INVALID_PARAMETER);
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
            error(Win32Error.ERROR_FILE_NOT_FOUND);
        } catch (FileAlreadyExistsException e) {
            error(Win32Error.ERROR_FILE_EXISTS);
        } catch (AccessDeniedException e) {
            error(Win32Error.ERROR_ACCESS_DENIED);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            error(Win32Error.ERROR_ACCESS_DENIED);
        }
        return Kernel32.INVALID_HANDLE_VALUE;
    }

    private static boolean isDevice(String name) {
        return startsWithIgnoreCase(name, PipeApi.MAILSLOT_PREFIX) || name.equalsIgnoreCase("CONOUT$")
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
    boolean transfer(ResolvedHandle h, byte[] buffer, int n, IntRef done, Overlapped overlapped, boolean write,
                     CompletionRoutine routine, boolean ex) {
        IoObject o = use(h, IoObject.class, 0);
        if (o == null) {
            return false;
        }
        try {
            if (buffer == null || n < 0 || n > buffer.length) {
                error(Win32Error.ERROR_NOACCESS); // the buffer is not that big
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
                error(Win32Error.ERROR_INVALID_PARAMETER); // no OVERLAPPED, or a handle not opened for overlapped I/O
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
                error(Win32Error.ERROR_HANDLE_EOF);
                return false;
            }
            f.asyncIo().begin(overlapped, routine).completeAtOnce(0, r);
            if (done != null) {
                done.value = r;
            }
            error(Win32Error.ERROR_SUCCESS);
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
            error(Win32Error.ERROR_SUCCESS);
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
            error(Win32Error.ERROR_SUCCESS);
            return true;
        }
        if (ex) {
            error(Win32Error.ERROR_SUCCESS); // ReadFileEx succeeds once the read is queued; its routine reports the end
            return true;
        }
        error(Win32Error.ERROR_IO_PENDING);
        return false;
    }

    boolean readFile(ResolvedHandle h, byte[] buffer, int n, IntRef read, Overlapped overlapped) {
        return transfer(h, buffer, n, read, overlapped, false, null, false);
    }

    boolean writeFile(ResolvedHandle h, byte[] buffer, int n, IntRef written, Overlapped overlapped) {
        return transfer(h, buffer, n, written, overlapped, true, null, false);
    }

    boolean setFilePointerEx(ResolvedHandle h, long distance, LongRef newPosition, int method) {
        FileObject f = use(h, FileObject.class, 0);
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
            error(Win32Error.ERROR_INVALID_HANDLE);
            return false;
        } finally {
            f.dereference();
        }
    }

    boolean getFileSizeEx(ResolvedHandle h, LongRef size) {
        FileObject f = use(h, FileObject.class, 0);
        if (f == null) {
            return false;
        }
        try {
            if (size == null) {
                error(Win32Error.ERROR_NOACCESS);
                return false;
            }
            size.value = f.channel.size();
            return true;
        } catch (IOException e) {
            error(Win32Error.ERROR_INVALID_HANDLE);
            return false;
        } finally {
            f.dereference();
        }
    }

    boolean flushFileBuffers(ResolvedHandle h) {
        IoObject o = use(h, IoObject.class, 0);
        if (o == null) {
            return false;
        }
        try {
            if (o instanceof FileObject f) {
                f.channel.force(true);
            }
            return true;
        } catch (IOException e) {
            error(Win32Error.ERROR_WRITE_FAULT);
            return false;
        } finally {
            o.dereference();
        }
    }

    // ---------------- transactions (KO-08) ----------------

    boolean endTransaction(ResolvedHandle h, boolean commit) {
        TransactionObject t = use(h, TransactionObject.class, 0);
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
}
