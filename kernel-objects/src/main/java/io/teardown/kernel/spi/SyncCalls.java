package io.teardown.kernel.spi;

import io.teardown.api.IntRef;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.TimerApcRoutine;

/**
 * The synchronisation functions of kernel32 (events, mutexes, semaphores, waitable timers, the waits and
 * alertable waits, {@code QueueUserAPC}; KO-05, KO-10, KO-13, KO-16), in C form. Part of
 * {@link KernelCalls}: users call them through {@link Kernel32}, a {@link KernelDriver} does the work
 * ({@link KernelDriver#sync()}). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
public interface SyncCalls {
    /** Creates or opens (by name) an event. */
    long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName);

    /** Opens a named event; {@code ERROR_FILE_NOT_FOUND} if none. */
    long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** Signals an event. */
    boolean SetEvent(long hEvent);

    /** Resets an event. */
    boolean ResetEvent(long hEvent);

    /** Creates or opens (by name) a mutex. */
    long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName);

    /** Opens a named mutex. */
    long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** Releases a mutex the calling thread owns; {@code ERROR_NOT_OWNER} otherwise. */
    boolean ReleaseMutex(long hMutex);

    /** Creates or opens (by name) a semaphore. */
    long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount, String lpName);

    /** Opens a named semaphore. */
    long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** Adds to a semaphore's count; {@code ERROR_TOO_MANY_POSTS} past the maximum. */
    boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount);

    /** Creates or opens (by name) a waitable timer. */
    long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName);

    /** Opens a named waitable timer. */
    long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName);

    /**
     * Arms a timer: {@code lpDueTime} in 100 ns units, negative = relative, positive = absolute FILETIME;
     * {@code lPeriod} in ms (0 = once).
     */
    boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                             long lpArgToCompletionRoutine, boolean fResume);

    /** Disarms a timer. */
    boolean CancelWaitableTimer(long hTimer);

    /** Blocks until the object is signalled or the timeout passes. */
    int WaitForSingleObject(long hHandle, int dwMilliseconds);

    /** Blocks until one (or all) of the objects is signalled or the timeout passes. */
    int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds);

    /**
     * {@link #WaitForSingleObject}; when {@code bAlertable}, the calling thread's queued APCs run inside
     * the wait, which then returns {@link Kernel32#WAIT_IO_COMPLETION}.
     */
    int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable);

    /** {@link #WaitForMultipleObjects}, alertable as {@link #WaitForSingleObjectEx} is. */
    int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                 boolean bAlertable);

    /** Sleeps; 0 when the time is up, {@link Kernel32#WAIT_IO_COMPLETION} when an alertable sleep ran APCs. */
    int SleepEx(int dwMilliseconds, boolean bAlertable);

    /** Signals an event, mutex or semaphore and waits on another object, as one call. */
    int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable);

    /** Queues {@code pfnAPC(dwData)} to a thread; it runs there in an alertable wait. Non-zero on success. */
    int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData);
}
