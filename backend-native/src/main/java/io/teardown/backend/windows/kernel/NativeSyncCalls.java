package io.teardown.backend.windows.kernel;

import static io.teardown.kernel.Kernel32.MAXIMUM_WAIT_OBJECTS;
import static io.teardown.kernel.Kernel32.WAIT_FAILED;
import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import io.teardown.api.IntRef;
import io.teardown.api.handle.Closer;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.spi.SyncCalls;
import java.util.function.Function;

/** The JNA kernel driver's part for the synchronisation functions ({@link SyncCalls}): events, mutexes, semaphores, waitable timers, the waits and alertable waits, {@code QueueUserAPC} (KO-13, KO-16). See docs/native-backend.md. */
final class NativeSyncCalls extends NativeKernelPart implements SyncCalls {
    NativeSyncCalls(NativeKernelPart shared) {
        super(shared);
    }

    @Override
    public long CreateEvent(SecurityAttributes a, boolean bManualReset, boolean bInitialState, String lpName) {
        return created(calls.call(() -> win.CreateEvent(sa(a), bManualReset, bInitialState, lpName)), "Event", 0);
    }

    @Override
    public long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> win.OpenEvent(dwDesiredAccess, bInheritHandle, lpName)), "Event", 0);
    }

    @Override
    public boolean SetEvent(long hEvent) {
        return kernelBool(hEvent, win::SetEvent);
    }

    @Override
    public boolean ResetEvent(long hEvent) {
        return kernelBool(hEvent, win::ResetEvent);
    }

    @Override
    public long CreateMutex(SecurityAttributes a, boolean bInitialOwner, String lpName) {
        return created(calls.call(() -> win.CreateMutex(sa(a), bInitialOwner, lpName)), "Mutant", 0);
    }

    @Override
    public long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> win.OpenMutex(dwDesiredAccess, bInheritHandle, lpName)), "Mutant", 0);
    }

    @Override
    public boolean ReleaseMutex(long hMutex) {
        return kernelBool(hMutex, win::ReleaseMutex);
    }

    @Override
    public long CreateSemaphore(SecurityAttributes a, int lInitialCount, int lMaximumCount, String lpName) {
        return created(calls.call(() -> extras.CreateSemaphore(sa(a), lInitialCount, lMaximumCount, lpName)), "Semaphore", 0);
    }

    @Override
    public long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> extras.OpenSemaphore(dwDesiredAccess, bInheritHandle, lpName)), "Semaphore", 0);
    }

    @Override
    public boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        IntByReference previous = new IntByReference();
        boolean ok = kernelBool(hSemaphore, h -> extras.ReleaseSemaphore(h, lReleaseCount, previous));
        if (ok && lpPreviousCount != null) {
            lpPreviousCount.value = previous.getValue();
        }
        return ok;
    }

    @Override
    public long CreateWaitableTimer(SecurityAttributes a, boolean bManualReset, String lpTimerName) {
        return created(calls.call(() -> extras.CreateWaitableTimer(sa(a), bManualReset, lpTimerName)), "Timer", 0);
    }

    @Override
    public long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return created(calls.call(() -> extras.OpenWaitableTimer(dwDesiredAccess, bInheritHandle, lpTimerName)), "Timer", 0);
    }

    @Override
    public boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                                    long lpArgToCompletionRoutine, boolean fResume) {
        if (pfnCompletionRoutine != null) {
            return fail(NOT_IMPLEMENTED); // APC completion routines are not wired
        }
        LongByReference due = new LongByReference(lpDueTime);
        return kernelBool(hTimer, h -> extras.SetWaitableTimer(h, due, lPeriod, null, null, fResume));
    }

    @Override
    public boolean CancelWaitableTimer(long hTimer) {
        return kernelBool(hTimer, extras::CancelWaitableTimer);
    }

    @Override
    public int WaitForSingleObject(long hHandle, int dwMilliseconds) {
        return waitOne(hHandle, h -> win.WaitForSingleObject(h, dwMilliseconds));
    }

    private int waitOne(long hHandle, Function<HANDLE, Integer> wait) {
        // The lease lasts the whole wait: a CloseHandle meanwhile returns at once and the object stays
        // alive for this wait, which ends as it would have (KO-10).
        return kernel(hHandle, h -> {
            NativeCalls.CapturedInt r = calls.callInt(() -> wait.apply(h));
            if (r.value() == WAIT_FAILED) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        }, () -> {
            session.lastError().set(INVALID);
            return WAIT_FAILED;
        });
    }

    @Override
    public int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
        return waitMany(nCount, lpHandles, os -> win.WaitForMultipleObjects(nCount, os, bWaitAll, dwMilliseconds));
    }

    /** Leases every handle for the whole wait (KO-10); an invalid one fails with 6 before Windows. */
    private int waitMany(int nCount, long[] lpHandles, Function<HANDLE[], Integer> wait) {
        if (lpHandles == null || nCount <= 0 || nCount > MAXIMUM_WAIT_OBJECTS || nCount > lpHandles.length) {
            session.lastError().set(BAD_PARAMETER);
            return WAIT_FAILED;
        }
        long[] leased = new long[nCount];
        HANDLE[] os = new HANDLE[nCount];
        int n = 0;
        try {
            for (int i = 0; i < nCount; i++) {
                long value = lpHandles[i];
                if (pseudo(value)) {
                    os[i] = handle(value); // Windows rejects them itself (KO-04)
                    continue;
                }
                long v = translate(value);
                OsHandle e = handles.acquire(v);
                if (e == null) {
                    session.lastError().set(INVALID);
                    return WAIT_FAILED;
                }
                leased[n++] = v;
                if (e.closer() == Closer.FIND_CLOSE) {
                    session.lastError().set(INVALID);
                    return WAIT_FAILED;
                }
                os[i] = handle(e.os());
            }
            NativeCalls.CapturedInt r = calls.callInt(() -> wait.apply(os));
            if (r.value() == WAIT_FAILED) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        } finally {
            for (int i = 0; i < n; i++) {
                handles.release(leased[i]);
            }
        }
    }

    @Override
    public int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable) {
        return waitOne(hHandle, h -> extras.WaitForSingleObjectEx(h, dwMilliseconds, bAlertable));
    }

    @Override
    public int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                        boolean bAlertable) {
        return waitMany(nCount, lpHandles,
                os -> extras.WaitForMultipleObjectsEx(nCount, os, bWaitAll, dwMilliseconds, bAlertable));
    }

    @Override
    public int SleepEx(int dwMilliseconds, boolean bAlertable) {
        return extras.SleepEx(dwMilliseconds, bAlertable); // 0 or WAIT_IO_COMPLETION; never fails
    }

    @Override
    public int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable) {
        // Both leased for the whole wait (KO-10).
        return kernel(hObjectToSignal, s -> waitOne(hObjectToWaitOn,
                w -> extras.SignalObjectAndWait(s, w, dwMilliseconds, bAlertable)), () -> {
                    session.lastError().set(INVALID);
                    return WAIT_FAILED;
                });
    }

    @Override
    public int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData) {
        if (pfnAPC == null) {
            fail(BAD_PARAMETER);
            return 0;
        }
        long ticket = apcs.hold(pfnAPC, dwData);
        int queued = kernel(hThread, h -> {
            NativeCalls.CapturedInt r = calls.callInt(() -> extras.QueueUserAPC(apcs.trampoline(), h, new Pointer(ticket)));
            if (r.value() == 0) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        }, () -> {
            session.lastError().set(INVALID);
            return 0;
        });
        if (queued == 0) {
            apcs.drop(ticket); // Windows will never run it
        }
        return queued;
    }
}
