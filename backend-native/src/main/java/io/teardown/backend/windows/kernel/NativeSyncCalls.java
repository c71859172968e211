package io.teardown.backend.windows.kernel;

import static io.teardown.kernel.Kernel32.WAIT_FAILED;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import io.teardown.api.IntRef;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.spi.ResolvedHandle;
import io.teardown.kernel.spi.SyncCalls;
import java.util.function.Function;

/**
 * The JNA kernel driver's part for the synchronisation functions ({@link SyncCalls}): events, mutexes,
 * semaphores, waitable timers, the waits and alertable waits, {@code QueueUserAPC} (KO-13, KO-16). The
 * front has resolved every handle and leases it for the whole call, so a wait holds its objects (KO-10)
 * and a close meanwhile closes the OS handle only when the wait has returned. See docs/native-backend.md.
 */
final class NativeSyncCalls extends NativeKernelPart implements SyncCalls {
    NativeSyncCalls(NativeKernelPart shared) {
        super(shared);
    }

    @Override
    public long CreateEvent(SecurityAttributes a, boolean bManualReset, boolean bInitialState, String lpName) {
        return created(calls.call(() -> k32.CreateEvent(sa(a), bManualReset, bInitialState, lpName)), "Event", 0);
    }

    @Override
    public long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> k32.OpenEvent(dwDesiredAccess, bInheritHandle, lpName)), "Event", 0);
    }

    @Override
    public boolean SetEvent(ResolvedHandle hEvent) {
        return bool(hEvent, k32::SetEvent);
    }

    @Override
    public boolean ResetEvent(ResolvedHandle hEvent) {
        return bool(hEvent, k32::ResetEvent);
    }

    @Override
    public long CreateMutex(SecurityAttributes a, boolean bInitialOwner, String lpName) {
        return created(calls.call(() -> k32.CreateMutex(sa(a), bInitialOwner, lpName)), "Mutant", 0);
    }

    @Override
    public long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> k32.OpenMutex(dwDesiredAccess, bInheritHandle, lpName)), "Mutant", 0);
    }

    @Override
    public boolean ReleaseMutex(ResolvedHandle hMutex) {
        return bool(hMutex, k32::ReleaseMutex);
    }

    @Override
    public long CreateSemaphore(SecurityAttributes a, int lInitialCount, int lMaximumCount, String lpName) {
        return created(calls.call(() -> k32.CreateSemaphore(sa(a), lInitialCount, lMaximumCount, lpName)), "Semaphore", 0);
    }

    @Override
    public long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> k32.OpenSemaphore(dwDesiredAccess, bInheritHandle, lpName)), "Semaphore", 0);
    }

    @Override
    public boolean ReleaseSemaphore(ResolvedHandle hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        IntByReference previous = new IntByReference();
        boolean ok = bool(hSemaphore, h -> k32.ReleaseSemaphore(h, lReleaseCount, previous));
        if (ok && lpPreviousCount != null) {
            lpPreviousCount.value = previous.getValue();
        }
        return ok;
    }

    @Override
    public long CreateWaitableTimer(SecurityAttributes a, boolean bManualReset, String lpTimerName) {
        return created(calls.call(() -> k32.CreateWaitableTimer(sa(a), bManualReset, lpTimerName)), "Timer", 0);
    }

    @Override
    public long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return created(calls.call(() -> k32.OpenWaitableTimer(dwDesiredAccess, bInheritHandle, lpTimerName)), "Timer", 0);
    }

    @Override
    public boolean SetWaitableTimer(ResolvedHandle hTimer, long lpDueTime, int lPeriod,
                                    TimerApcRoutine pfnCompletionRoutine, long lpArgToCompletionRoutine,
                                    boolean fResume) {
        LongByReference due = new LongByReference(lpDueTime);
        return bool(hTimer, h -> k32.SetWaitableTimer(h, due, lPeriod, null, null, fResume));
    }

    /** Timer APC routines are not wired: the front answers 120 for one. */
    @Override
    public boolean timerCompletionRoutines() {
        return false;
    }

    @Override
    public boolean CancelWaitableTimer(ResolvedHandle hTimer) {
        return bool(hTimer, k32::CancelWaitableTimer);
    }

    @Override
    public int WaitForSingleObject(ResolvedHandle hHandle, int dwMilliseconds) {
        return waitOne(hHandle, h -> k32.WaitForSingleObject(h, dwMilliseconds));
    }

    @Override
    public int WaitForSingleObjectEx(ResolvedHandle hHandle, int dwMilliseconds, boolean bAlertable) {
        return waitOne(hHandle, h -> k32.WaitForSingleObjectEx(h, dwMilliseconds, bAlertable));
    }

    private int waitOne(ResolvedHandle hHandle, Function<HANDLE, Integer> wait) {
        HANDLE os = os(hHandle);
        return os == null ? waitFailed(INVALID) : waited(calls.callInt(() -> wait.apply(os)));
    }

    @Override
    public int WaitForMultipleObjects(ResolvedHandle[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
        return waitMany(lpHandles, os -> k32.WaitForMultipleObjects(os.length, os, bWaitAll, dwMilliseconds));
    }

    @Override
    public int WaitForMultipleObjectsEx(ResolvedHandle[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                        boolean bAlertable) {
        return waitMany(lpHandles,
                os -> k32.WaitForMultipleObjectsEx(os.length, os, bWaitAll, dwMilliseconds, bAlertable));
    }

    /** The pseudo-handles pass to Windows, which rejects them itself (KO-04). */
    private int waitMany(ResolvedHandle[] lpHandles, Function<HANDLE[], Integer> wait) {
        HANDLE[] os = new HANDLE[lpHandles.length];
        for (int i = 0; i < os.length; i++) {
            os[i] = os(lpHandles[i]);
            if (os[i] == null) {
                return waitFailed(INVALID);
            }
        }
        return waited(calls.callInt(() -> wait.apply(os)));
    }

    private int waited(NativeCalls.CapturedInt r) {
        if (r.value() == WAIT_FAILED) {
            session.lastError().set(r.lastError());
        }
        return r.value();
    }

    private int waitFailed(int code) {
        session.lastError().set(code);
        return WAIT_FAILED;
    }

    @Override
    public int SleepEx(int dwMilliseconds, boolean bAlertable) {
        return k32.SleepEx(dwMilliseconds, bAlertable); // 0 or WAIT_IO_COMPLETION; never fails
    }

    @Override
    public int SignalObjectAndWait(ResolvedHandle hObjectToSignal, ResolvedHandle hObjectToWaitOn, int dwMilliseconds,
                                   boolean bAlertable) {
        HANDLE signal = os(hObjectToSignal);
        return signal == null ? waitFailed(INVALID)
                : waitOne(hObjectToWaitOn, w -> k32.SignalObjectAndWait(signal, w, dwMilliseconds, bAlertable));
    }

    @Override
    public int QueueUserAPC(ApcRoutine pfnAPC, ResolvedHandle hThread, long dwData) {
        if (pfnAPC == null) {
            fail(BAD_PARAMETER);
            return 0;
        }
        HANDLE thread = os(hThread);
        if (thread == null) {
            fail(INVALID);
            return 0;
        }
        long ticket = apcs.hold(pfnAPC, dwData);
        NativeCalls.CapturedInt r = calls.callInt(() -> k32.QueueUserAPC(apcs.trampoline(), thread, new Pointer(ticket)));
        if (r.value() == 0) {
            session.lastError().set(r.lastError());
            apcs.drop(ticket); // Windows will never run it
        }
        return r.value();
    }
}
