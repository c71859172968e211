package io.teardown.backend.windows.kernel;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.platform.win32.WinReg.HKEY;
import com.sun.jna.platform.win32.WinReg.HKEYByReference;
import com.sun.jna.ptr.IntByReference;
import io.teardown.backend.windows.jna.LastErrorSlot;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A tiny stand-in for the kernel behind kernel32/advapi32/ktmw32 (no DLL): an OS handle table that
 * reuses freed values LIFO, as Windows does, events, handle flags, find handles and registry keys.
 * Every call is recorded as {@code name(os values …)}; unknown handles fail with 6 in the last-error
 * slot like Windows. The library interfaces are served through {@link Proxy}: only the functions the
 * facade uses are answered, anything else fails the test.
 */
public final class FakeKernel implements InvocationHandler {
    /** Runs inside a recorded call (on the calling thread). */
    @FunctionalInterface
    interface Hook {
        void during(Object[] args) throws Exception;
    }

    /** What Windows does in a call the test scripts (overlapped I/O, ports, APCs): the answer is returned. */
    @FunctionalInterface
    interface Answer {
        Object answer(Object[] args) throws Exception;
    }

    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Scripted answers by function name, consulted before the built-in ones. */
    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    public final Map<Long, String> objects = new ConcurrentHashMap<>();
    final Map<Long, Integer> flags = new ConcurrentHashMap<>();
    final Map<String, Hook> hooks = new ConcurrentHashMap<>();
    /** The LimitFlags of the last SetInformationJobObject. */
    volatile int jobLimitFlags;
    private final java.util.Queue<Object[]> packets = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Deque<Long> free = new ArrayDeque<>();
    private long next = 0x100;
    private final LastErrorSlot slot;

    public FakeKernel(LastErrorSlot slot) {
        this.slot = slot;
    }

    public <T> T as(Class<T> library) {
        return library.cast(Proxy.newProxyInstance(library.getClassLoader(), new Class<?>[] {library}, this));
    }

    synchronized long open(String type) {
        long os = free.isEmpty() ? (next += 4) : free.pop();
        objects.put(os, type);
        return os;
    }

    private synchronized boolean close(long os) {
        if (objects.remove(os) == null) {
            return false;
        }
        flags.remove(os);
        free.push(os);
        return true;
    }

    public List<String> callsOf(String function) {
        return calls.stream().filter(c -> c.startsWith(function + "(")).toList();
    }

    private static long v(Object o) {
        if (o instanceof HANDLE h) {
            return Pointer.nativeValue(h.getPointer());
        }
        if (o instanceof HKEY k) {
            return Pointer.nativeValue(k.getPointer());
        }
        return 0;
    }

    private static String show(Object o) {
        if (o instanceof HANDLE || o instanceof HKEY) {
            return "0x" + Long.toHexString(v(o));
        }
        if (o instanceof Object[] a) {
            return Arrays.stream(a).map(FakeKernel::show).collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(o);
    }

    private boolean bad(long os) {
        if (os < 0 && os >= -6) {
            return false; // pseudo-handles
        }
        if (!objects.containsKey(os)) {
            slot.set(6);
            return true;
        }
        return false;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object[] a = args == null ? new Object[0] : args;
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == a[0];
                default -> "FakeKernel." + method.getDeclaringClass().getSimpleName();
            };
        }
        calls.add(name + "(" + Arrays.stream(a).map(FakeKernel::show).collect(Collectors.joining(", ")) + ")");
        Hook hook = hooks.get(name);
        if (hook != null) {
            hook.during(a);
        }
        Answer answer = answers.get(name);
        if (answer != null) {
            return answer.answer(a);
        }
        switch (name) {
            case "CreateFile" -> {
                slot.set(0);
                return new HANDLE(new Pointer(open("File")));
            }
            case "SetInformationJobObject" -> {
                if (bad(v(a[0]))) {
                    return false;
                }
                jobLimitFlags = ((Pointer) a[2]).getInt(16);
                return true;
            }
            case "CreateIoCompletionPort" -> {
                return a[1] != null ? a[1] : new HANDLE(new Pointer(open("IoCompletion")));
            }
            case "PostQueuedCompletionStatus" -> {
                if (bad(v(a[0]))) {
                    return false;
                }
                packets.add(new Object[] {a[1], a[2], a[3] instanceof Pointer p ? p : null});
                return true;
            }
            case "GetQueuedCompletionStatus" -> {
                if (bad(v(a[0]))) {
                    return false;
                }
                Object[] p = packets.poll();
                if (p == null) {
                    slot.set(258);
                    return false;
                }
                ((IntByReference) a[1]).setValue((Integer) p[0]);
                ((com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference) a[2]).setValue(
                        new com.sun.jna.platform.win32.BaseTSD.ULONG_PTR(Pointer.nativeValue((Pointer) p[1])));
                ((com.sun.jna.ptr.PointerByReference) a[3]).setValue((Pointer) p[2]);
                return true;
            }
            case "TerminateJobObject" -> {
                return !bad(v(a[0]));
            }
            case "CreateEvent", "CreateMutex", "CreateSemaphore", "CreateWaitableTimer", "CreateJobObject" -> {
                slot.set(0);
                return new HANDLE(new Pointer(open(name.substring(6))));
            }
            case "CloseHandle" -> {
                long os = v(a[0]);
                if (os < 0 && os >= -6) {
                    return true;
                }
                if ((flags.getOrDefault(os, 0) & 2) != 0) {
                    slot.set(6);
                    return false;
                }
                if (!close(os)) {
                    slot.set(6);
                    return false;
                }
                return true;
            }
            case "FindClose" -> {
                if (!"Find".equals(objects.get(v(a[0])))) {
                    slot.set(6);
                    return false;
                }
                return close(v(a[0]));
            }
            case "SetEvent", "ResetEvent", "ReleaseMutex" -> {
                return !bad(v(a[0]));
            }
            case "WaitForSingleObject" -> {
                return bad(v(a[0])) ? -1 : 0;
            }
            case "GetHandleInformation" -> {
                if (bad(v(a[0]))) {
                    return false;
                }
                ((IntByReference) a[1]).setValue(flags.getOrDefault(v(a[0]), 0));
                return true;
            }
            case "SetHandleInformation" -> {
                long os = v(a[0]);
                if (bad(os)) {
                    return false;
                }
                int mask = (Integer) a[1];
                flags.put(os, (flags.getOrDefault(os, 0) & ~mask) | ((Integer) a[2] & mask));
                return true;
            }
            case "DuplicateHandle" -> {
                long src = v(a[1]);
                if (bad(src)) {
                    return false;
                }
                String type = objects.getOrDefault(src, "Pseudo");
                boolean closeSource = ((Integer) a[6] & 1) != 0 && (flags.getOrDefault(src, 0) & 2) == 0;
                if (closeSource) {
                    close(src);
                }
                ((HANDLEByReference) a[3]).setValue(new HANDLE(new Pointer(open(type))));
                return true;
            }
            case "CreateProcess" -> {
                var pi = (com.sun.jna.platform.win32.WinBase.PROCESS_INFORMATION) a[9];
                pi.hProcess = new HANDLE(new Pointer(open("Process")));
                pi.hThread = new HANDLE(new Pointer(open("Thread")));
                pi.dwProcessId = new com.sun.jna.platform.win32.WinDef.DWORD(99);
                pi.dwThreadId = new com.sun.jna.platform.win32.WinDef.DWORD(100);
                return true;
            }
            case "OpenThread" -> {
                return new HANDLE(new Pointer(open("Thread")));
            }
            case "FindFirstFile" -> {
                return new HANDLE(new Pointer(open("Find")));
            }
            case "GetStdHandle" -> {
                long real = 0x7000 + 4L * (-10 - (Integer) a[0]);
                objects.put(real, "File"); // the process's own standard handle
                return new HANDLE(new Pointer(real));
            }
            case "RegOpenKeyEx" -> {
                ((HKEYByReference) a[4]).setValue(new HKEY(new Pointer(open("Key"))));
                return 0;
            }
            case "RegCloseKey" -> {
                return close(v(a[0])) ? 0 : 6;
            }
            case "RegQueryValueEx" -> {
                if (a[2] != null) {
                    return 87; // lpReserved must be NULL
                }
                ((IntByReference) a[3]).setValue(4); // REG_DWORD
                ((IntByReference) a[5]).setValue(4);
                if (a[4] != null) {
                    ((Pointer) a[4]).setInt(0, 42);
                }
                return 0;
            }
            case "CompareObjectHandles" -> {
                if (bad(v(a[0])) || bad(v(a[1]))) {
                    return false;
                }
                if (v(a[0]) != v(a[1])) {
                    slot.set(288); // ERROR_NOT_SAME_OBJECT
                    return false;
                }
                return true;
            }
            case "GetCurrentThreadId", "GetCurrentProcessId" -> {
                return 42;
            }
            default -> throw new AssertionError("the fake kernel does not answer " + name);
        }
    }
}
