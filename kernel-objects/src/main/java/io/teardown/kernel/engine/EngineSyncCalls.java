package io.teardown.kernel.engine;

import io.teardown.api.IntRef;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.spi.ResolvedHandle;
import io.teardown.kernel.spi.SyncCalls;

/**
 * The engine driver's part for the synchronisation functions ({@link SyncCalls}): events, mutexes,
 * semaphores, timers, waits and APCs, done by {@link SyncApi} on the handles the front has resolved. See
 * docs/kernel-objects.md.
 */
final class EngineSyncCalls implements SyncCalls {
    private final SyncApi sync;

    EngineSyncCalls(SyncApi sync) {
        this.sync = sync;
    }

    @Override
    public long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName) {
        return sync.CreateEvent(lpEventAttributes, bManualReset, bInitialState, lpName);
    }

    @Override
    public long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return sync.OpenEvent(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean SetEvent(ResolvedHandle hEvent) {
        return sync.SetEvent(hEvent);
    }

    @Override
    public boolean ResetEvent(ResolvedHandle hEvent) {
        return sync.ResetEvent(hEvent);
    }

    @Override
    public long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName) {
        return sync.CreateMutex(lpMutexAttributes, bInitialOwner, lpName);
    }

    @Override
    public long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return sync.OpenMutex(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean ReleaseMutex(ResolvedHandle hMutex) {
        return sync.ReleaseMutex(hMutex);
    }

    @Override
    public long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount, String lpName) {
        return sync.CreateSemaphore(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName);
    }

    @Override
    public long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return sync.OpenSemaphore(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean ReleaseSemaphore(ResolvedHandle hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        return sync.ReleaseSemaphore(hSemaphore, lReleaseCount, lpPreviousCount);
    }

    @Override
    public long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName) {
        return sync.CreateWaitableTimer(lpTimerAttributes, bManualReset, lpTimerName);
    }

    @Override
    public long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return sync.OpenWaitableTimer(dwDesiredAccess, bInheritHandle, lpTimerName);
    }

    @Override
    public boolean SetWaitableTimer(ResolvedHandle hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                                    long lpArgToCompletionRoutine, boolean fResume) {
        return sync.SetWaitableTimer(hTimer, lpDueTime, lPeriod, pfnCompletionRoutine,
                lpArgToCompletionRoutine, fResume);
    }

    @Override
    public boolean CancelWaitableTimer(ResolvedHandle hTimer) {
        return sync.CancelWaitableTimer(hTimer);
    }

    @Override
    public int WaitForSingleObject(ResolvedHandle hHandle, int dwMilliseconds) {
        return sync.WaitForSingleObjectEx(hHandle, dwMilliseconds, false);
    }

    @Override
    public int WaitForMultipleObjects(ResolvedHandle[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
        return sync.WaitForMultipleObjectsEx(lpHandles, bWaitAll, dwMilliseconds, false);
    }

    @Override
    public int WaitForSingleObjectEx(ResolvedHandle hHandle, int dwMilliseconds, boolean bAlertable) {
        return sync.WaitForSingleObjectEx(hHandle, dwMilliseconds, bAlertable);
    }

    @Override
    public int WaitForMultipleObjectsEx(ResolvedHandle[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                        boolean bAlertable) {
        return sync.WaitForMultipleObjectsEx(lpHandles, bWaitAll, dwMilliseconds, bAlertable);
    }

    @Override
    public int SleepEx(int dwMilliseconds, boolean bAlertable) {
        return sync.SleepEx(dwMilliseconds, bAlertable);
    }

    @Override
    public int SignalObjectAndWait(ResolvedHandle hObjectToSignal, ResolvedHandle hObjectToWaitOn, int dwMilliseconds, boolean bAlertable) {
        return sync.SignalObjectAndWait(hObjectToSignal, hObjectToWaitOn, dwMilliseconds, bAlertable);
    }

    @Override
    public int QueueUserAPC(ApcRoutine pfnAPC, ResolvedHandle hThread, long dwData) {
        return sync.QueueUserAPC(pfnAPC, hThread, dwData);
    }
}
