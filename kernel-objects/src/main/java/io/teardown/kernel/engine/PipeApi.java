package io.teardown.kernel.engine;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.spi.ResolvedHandle;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.List;

/**
 * Pipes and mailslots for the engine driver: anonymous pipes over real OS pipes, named pipe instances
 * and their clients, mailslots — each a {@code CreateFile} name too. See docs/kernel-objects.md.
 */
final class PipeApi extends EngineCalls {
    static final String PIPE_PREFIX = "\\\\.\\pipe\\";
    static final String MAILSLOT_PREFIX = "\\\\.\\mailslot\\";

    PipeApi(Engine engine) {
        super(engine);
    }

    // ---------------- pipes and mailslots ----------------

    boolean createPipe(LongRef read, LongRef write, boolean inherit) {
        if (read == null || write == null) {
            error(Win32Error.ERROR_NOACCESS);
            return false;
        }
        try {
            Pipe p = Pipe.open();
            read.value = engine.open(new PipeEnd(p.source(), null), Kernel32.GENERIC_READ | Kernel32.SYNCHRONIZE, inherit);
            write.value = engine.open(new PipeEnd(null, p.sink()), Kernel32.GENERIC_WRITE | Kernel32.SYNCHRONIZE, inherit);
            return true;
        } catch (IOException e) {
            error(Win32Error.ERROR_NOT_ENOUGH_MEMORY);
            return false;
        }
    }

    long createNamedPipe(String name, int openMode, int maxInstances, boolean inherit) {
        if (name == null || !startsWithIgnoreCase(name, PIPE_PREFIX) || name.length() == PIPE_PREFIX.length()) {
            error(Win32Error.ERROR_INVALID_NAME);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        int mode = openMode & 0x3;
        if (mode == 0 || maxInstances < 1 || maxInstances > Kernel32.PIPE_UNLIMITED_INSTANCES) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        synchronized (engine.pipes) {
            if (maxInstances != Kernel32.PIPE_UNLIMITED_INSTANCES && engine.pipes.instances(name) >= maxInstances) {
                error(Win32Error.ERROR_PIPE_BUSY); // all instances exist
                return Kernel32.INVALID_HANDLE_VALUE;
            }
            NamedPipeServer s = new NamedPipeServer(name, engine.dispatcher, engine.pipes,
                    (mode & Kernel32.PIPE_ACCESS_INBOUND) != 0, (mode & Kernel32.PIPE_ACCESS_OUTBOUND) != 0);
            if ((openMode & Kernel32.FILE_FLAG_OVERLAPPED) != 0) {
                s.overlapped(new AsyncIo(engine));
            }
            engine.pipes.addPipe(name, s);
            long v = engine.open(s, Kernel32.GENERIC_READ | Kernel32.GENERIC_WRITE | Kernel32.SYNCHRONIZE, inherit);
            error(Win32Error.ERROR_SUCCESS);
            return v;
        }
    }

    long openPipeClient(String name, boolean inherit, boolean overlapped) {
        List<NamedPipeServer> servers = engine.pipes.pipes(name);
        if (servers == null) {
            error(Win32Error.ERROR_FILE_NOT_FOUND);
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
                    error(Win32Error.ERROR_SUCCESS);
                    return v;
                }
            } catch (IOException e) {
                error(Win32Error.ERROR_NOT_ENOUGH_MEMORY);
                return Kernel32.INVALID_HANDLE_VALUE;
            } finally {
                s.dereference();
            }
        }
        error(Win32Error.ERROR_PIPE_BUSY);
        return Kernel32.INVALID_HANDLE_VALUE;
    }

    boolean connectNamedPipe(ResolvedHandle h, Overlapped overlapped) {
        NamedPipeServer s = use(h, NamedPipeServer.class, 0);
        if (s == null) {
            return false;
        }
        try {
            if (overlapped != null) {
                error(Win32Error.ERROR_INVALID_PARAMETER);
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

    boolean disconnectNamedPipe(ResolvedHandle h) {
        NamedPipeServer s = use(h, NamedPipeServer.class, 0);
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
            error(Win32Error.ERROR_INVALID_NAME);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        Mailslot slot = new Mailslot(name, maxMessage, readTimeout, engine.dispatcher, engine.pipes);
        if (!engine.pipes.addMailslot(name, slot)) {
            error(Win32Error.ERROR_ALREADY_EXISTS);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        long v = engine.open(slot, Kernel32.GENERIC_READ | Kernel32.SYNCHRONIZE, inherit);
        error(Win32Error.ERROR_SUCCESS);
        return v;
    }

    long openMailslotClient(String name, boolean inherit) {
        Mailslot slot = engine.pipes.mailslot(name);
        if (slot == null || !slot.reference()) {
            error(Win32Error.ERROR_FILE_NOT_FOUND);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        try {
            long v = engine.open(new Mailslot.Client(slot), Kernel32.GENERIC_WRITE, inherit);
            error(Win32Error.ERROR_SUCCESS);
            return v;
        } finally {
            slot.dereference();
        }
    }

    boolean getMailslotInfo(ResolvedHandle h, IntRef maxMessage, IntRef nextSize, IntRef count, IntRef timeout) {
        Mailslot m = use(h, Mailslot.class, 0);
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
}
