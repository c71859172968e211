package io.teardown.kernel.spi;

import io.teardown.api.IntRef;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.TimerApcRoutine;

/**
 * The driver's work for the synchronisation functions of {@link Kernel32} (events, mutexes, semaphores,
 * waitable timers, the waits and alertable waits, {@code QueueUserAPC}; KO-05, KO-10, KO-13, KO-16):
 * {@link KernelDriver#sync()}. Each method does what its {@link Kernel32} namesake does, with the
 * handles already resolved by the front ({@link ResolvedHandle}: a pseudo-handle, or an open entry leased
 * for the call — a value naming no open kernel handle never gets here) and the argument checks that
 * precede the handle lookup already made ({@code WaitForMultipleObjects}' count: 87). It checks what only
 * the object can tell — its type, the handle's access, its state — and reports as the C function does,
 * setting the session's last error on failure. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
public interface SyncCalls {
    /** {@link Kernel32#CreateEvent}. */
    long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName);

    /** {@link Kernel32#OpenEvent}. */
    long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@link Kernel32#SetEvent}. */
    boolean SetEvent(ResolvedHandle hEvent);

    /** {@link Kernel32#ResetEvent}. */
    boolean ResetEvent(ResolvedHandle hEvent);

    /** {@link Kernel32#CreateMutex}. */
    long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName);

    /** {@link Kernel32#OpenMutex}. */
    long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@link Kernel32#ReleaseMutex}. */
    boolean ReleaseMutex(ResolvedHandle hMutex);

    /** {@link Kernel32#CreateSemaphore}. */
    long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount, String lpName);

    /** {@link Kernel32#OpenSemaphore}. */
    long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@link Kernel32#ReleaseSemaphore}. */
    boolean ReleaseSemaphore(ResolvedHandle hSemaphore, int lReleaseCount, IntRef lpPreviousCount);

    /** {@link Kernel32#CreateWaitableTimer}. */
    long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName);

    /** {@link Kernel32#OpenWaitableTimer}. */
    long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName);

    /** {@link Kernel32#SetWaitableTimer}. */
    boolean SetWaitableTimer(ResolvedHandle hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                             long lpArgToCompletionRoutine, boolean fResume);

    /**
     * Whether this driver's {@link #SetWaitableTimer} takes a completion routine (KO-16). One it does not
     * take fails with {@code ERROR_CALL_NOT_IMPLEMENTED} (120) at the front, before the handle is looked
     * at, and never reaches the driver.
     */
    default boolean timerCompletionRoutines() {
        return true;
    }

    /** {@link Kernel32#CancelWaitableTimer}. */
    boolean CancelWaitableTimer(ResolvedHandle hTimer);

    /** {@link Kernel32#WaitForSingleObject}. */
    int WaitForSingleObject(ResolvedHandle hHandle, int dwMilliseconds);

    /**
     * {@link Kernel32#WaitForMultipleObjects} on {@code lpHandles}, which holds exactly the {@code nCount}
     * handles (the front has checked the count against {@link Kernel32#MAXIMUM_WAIT_OBJECTS} and the array).
     */
    int WaitForMultipleObjects(ResolvedHandle[] lpHandles, boolean bWaitAll, int dwMilliseconds);

    /** {@link Kernel32#WaitForSingleObjectEx}. */
    int WaitForSingleObjectEx(ResolvedHandle hHandle, int dwMilliseconds, boolean bAlertable);

    /** {@link Kernel32#WaitForMultipleObjectsEx}; {@code lpHandles} as for {@link #WaitForMultipleObjects}. */
    int WaitForMultipleObjectsEx(ResolvedHandle[] lpHandles, boolean bWaitAll, int dwMilliseconds, boolean bAlertable);

    /** {@link Kernel32#SleepEx}. */
    int SleepEx(int dwMilliseconds, boolean bAlertable);

    /** {@link Kernel32#SignalObjectAndWait}. */
    int SignalObjectAndWait(ResolvedHandle hObjectToSignal, ResolvedHandle hObjectToWaitOn, int dwMilliseconds,
                            boolean bAlertable);

    /** {@link Kernel32#QueueUserAPC}. */
    int QueueUserAPC(ApcRoutine pfnAPC, ResolvedHandle hThread, long dwData);
}
