package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.*;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.spi.ResolvedHandle;

/**
 * The synchronisation objects and the waits of the flat facade: events, mutexes, semaphores, waitable
 * timers, {@code WaitForSingleObject}/{@code WaitForMultipleObjects} (KO-04, KO-05, KO-10). Each wait
 * holds a pointer on its objects, so closing a waited-on handle neither wakes nor breaks the wait.
 */
final class SyncApi extends EngineCalls {
    /** 100 ns intervals between 1601-01-01 and 1970-01-01. */
    private static final long FILETIME_EPOCH_OFFSET = 116444736000000000L;

    SyncApi(Engine engine) {
        super(engine);
    }

    long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName) {
        return create(lpName, inherit(lpEventAttributes), EVENT_ALL_ACCESS, EventObject.class,
                () -> new EventObject(engine.dispatcher, bManualReset, bInitialState));
    }

    long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return openNamed(lpName, bInheritHandle, dwDesiredAccess, EventObject.class);
    }

    boolean SetEvent(ResolvedHandle hEvent) {
        EventObject e = use(hEvent, EventObject.class, EVENT_MODIFY_STATE);
        if (e == null) {
            return false;
        }
        try {
            e.set();
            return true;
        } finally {
            e.dereference();
        }
    }

    boolean ResetEvent(ResolvedHandle hEvent) {
        EventObject e = use(hEvent, EventObject.class, EVENT_MODIFY_STATE);
        if (e == null) {
            return false;
        }
        try {
            e.reset();
            return true;
        } finally {
            e.dereference();
        }
    }

    long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName) {
        return create(lpName, inherit(lpMutexAttributes), MUTEX_ALL_ACCESS, MutexObject.class,
                () -> new MutexObject(engine.dispatcher, bInitialOwner));
    }

    long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return openNamed(lpName, bInheritHandle, dwDesiredAccess, MutexObject.class);
    }

    boolean ReleaseMutex(ResolvedHandle hMutex) {
        MutexObject m = use(hMutex, MutexObject.class, 0);
        if (m == null) {
            return false;
        }
        try {
            if (!m.release()) {
                error(Win32Error.ERROR_NOT_OWNER);
                return false;
            }
            return true;
        } finally {
            m.dereference();
        }
    }

    long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount, String lpName) {
        if (lMaximumCount <= 0 || lInitialCount < 0 || lInitialCount > lMaximumCount) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return 0;
        }
        return create(lpName, inherit(lpSemaphoreAttributes), SEMAPHORE_ALL_ACCESS, SemaphoreObject.class,
                () -> new SemaphoreObject(engine.dispatcher, lInitialCount, lMaximumCount));
    }

    long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return openNamed(lpName, bInheritHandle, dwDesiredAccess, SemaphoreObject.class);
    }

    boolean ReleaseSemaphore(ResolvedHandle hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        SemaphoreObject s = use(hSemaphore, SemaphoreObject.class, SEMAPHORE_MODIFY_STATE);
        if (s == null) {
            return false;
        }
        try {
            if (lReleaseCount <= 0) {
                error(Win32Error.ERROR_INVALID_PARAMETER);
                return false;
            }
            int before = s.release(lReleaseCount);
            if (before < 0) {
                error(Win32Error.ERROR_TOO_MANY_POSTS);
                return false;
            }
            if (lpPreviousCount != null) {
                lpPreviousCount.value = before;
            }
            return true;
        } finally {
            s.dereference();
        }
    }

    long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName) {
        return create(lpTimerName, inherit(lpTimerAttributes), TIMER_ALL_ACCESS, TimerObject.class,
                () -> new TimerObject(engine.dispatcher, engine.scheduler(), bManualReset));
    }

    long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return openNamed(lpTimerName, bInheritHandle, dwDesiredAccess, TimerObject.class);
    }

    boolean SetWaitableTimer(ResolvedHandle hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                                    long lpArgToCompletionRoutine, boolean fResume) {
        TimerObject t = use(hTimer, TimerObject.class, TIMER_MODIFY_STATE);
        if (t == null) {
            return false;
        }
        try {
            if (lPeriod < 0) {
                error(Win32Error.ERROR_INVALID_PARAMETER);
                return false;
            }
            Runnable onFire = null;
            if (pfnCompletionRoutine != null) {
                // KO-16: the routine is an APC of the thread that set the timer, run in its alertable wait.
                Thread setter = Thread.currentThread();
                onFire = () -> {
                    long now = System.currentTimeMillis() * 10_000L + FILETIME_EPOCH_OFFSET;
                    engine.dispatcher.queueApc(setter, () -> pfnCompletionRoutine.apply(lpArgToCompletionRoutine,
                            (int) now, (int) (now >>> 32)));
                };
            }
            long delayNanos = lpDueTime < 0 ? -lpDueTime * 100
                    : (lpDueTime - FILETIME_EPOCH_OFFSET) * 100 - System.currentTimeMillis() * 1_000_000L;
            t.arm(delayNanos, lPeriod, onFire);
            error(Win32Error.ERROR_SUCCESS);
            return true;
        } finally {
            t.dereference();
        }
    }

    boolean CancelWaitableTimer(ResolvedHandle hTimer) {
        TimerObject t = use(hTimer, TimerObject.class, TIMER_MODIFY_STATE);
        if (t == null) {
            return false;
        }
        try {
            t.cancel();
            return true;
        } finally {
            t.dereference();
        }
    }

    int WaitForSingleObjectEx(ResolvedHandle hHandle, int dwMilliseconds, boolean bAlertable) {
        KernelObject o = waitTarget(hHandle);
        if (o == null) {
            return WAIT_FAILED;
        }
        try {
            // KO-10: the pointer taken above keeps the object alive even if the handle is closed now.
            return engine.dispatcher.waitFor(new KernelObject[] {o}, false, timeout(dwMilliseconds), bAlertable);
        } finally {
            o.dereference();
        }
    }

    /** {@code SleepEx}: 0 when the time is up, {@code WAIT_IO_COMPLETION} after running APCs (KO-16). */
    int SleepEx(int dwMilliseconds, boolean bAlertable) {
        int r = engine.dispatcher.waitFor(new KernelObject[0], false, timeout(dwMilliseconds), bAlertable);
        return r == WAIT_IO_COMPLETION ? r : 0;
    }

    /**
     * {@code SignalObjectAndWait}: signals an event, a mutex (release) or a semaphore (release 1), then
     * waits on the other object. A failed signal fails the call without waiting.
     */
    int SignalObjectAndWait(ResolvedHandle hObjectToSignal, ResolvedHandle hObjectToWaitOn, int dwMilliseconds, boolean bAlertable) {
        KernelObject target = waitTarget(hObjectToWaitOn);
        if (target == null) {
            return WAIT_FAILED;
        }
        try {
            KernelObject s = use(hObjectToSignal, KernelObject.class, 0);
            if (s == null) {
                return WAIT_FAILED;
            }
            try {
                if (s instanceof EventObject e) {
                    e.set();
                } else if (s instanceof MutexObject) {
                    if (!ReleaseMutex(hObjectToSignal)) {
                        return WAIT_FAILED;
                    }
                } else if (s instanceof SemaphoreObject) {
                    if (!ReleaseSemaphore(hObjectToSignal, 1, null)) {
                        return WAIT_FAILED;
                    }
                } else {
                    error(Win32Error.ERROR_INVALID_HANDLE);
                    return WAIT_FAILED;
                }
            } finally {
                s.dereference();
            }
            return engine.dispatcher.waitFor(new KernelObject[] {target}, false, timeout(dwMilliseconds), bAlertable);
        } finally {
            target.dereference();
        }
    }

    /**
     * {@code QueueUserAPC}: queues {@code apc(data)} to the thread {@code hThread} names; it runs on that
     * thread in its next alertable wait (KO-16). Non-zero on success; a thread that has ended takes no
     * APC (0 with {@code ERROR_GEN_FAILURE}, 31, as Windows reports for a terminated thread).
     */
    int QueueUserAPC(io.teardown.kernel.ApcRoutine pfnAPC, ResolvedHandle hThread, long dwData) {
        ThreadObject t = use(hThread, ThreadObject.class, 0);
        if (t == null) {
            return 0;
        }
        try {
            if (pfnAPC == null) {
                error(Win32Error.ERROR_INVALID_PARAMETER);
                return 0;
            }
            Thread thread = t.thread();
            if (thread == null || !engine.dispatcher.queueApc(thread, () -> pfnAPC.invoke(dwData))) {
                error(Win32Error.ERROR_GEN_FAILURE);
                return 0;
            }
            return 1;
        } finally {
            t.dereference();
        }
    }

    /**
     * {@code WaitForMultipleObjectsEx} on {@code handles} (the front has checked their count): the
     * pseudo-handles are refused (KO-04: only {@code WaitForSingleObject} takes them), then each object
     * must be waitable, and a wait-all must not name one object twice (87).
     */
    int WaitForMultipleObjectsEx(ResolvedHandle[] handles, boolean bWaitAll, int dwMilliseconds, boolean bAlertable) {
        KernelObject[] objects = new KernelObject[handles.length];
        int taken = 0;
        try {
            for (int i = 0; i < handles.length; i++) {
                if (handles[i].pseudo() && (handles[i].value() == -1L || handles[i].value() == -2L)) {
                    error(Win32Error.ERROR_INVALID_HANDLE); // KO-04: only WaitForSingleObject takes the pseudo-handles
                    return WAIT_FAILED;
                }
                KernelObject o = waitTarget(handles[i]);
                if (o == null) {
                    return WAIT_FAILED;
                }
                objects[taken++] = o;
                if (bWaitAll) {
                    for (int j = 0; j < i; j++) {
                        if (objects[j] == o) {
                            error(Win32Error.ERROR_INVALID_PARAMETER); // the same object twice in a wait-all
                            return WAIT_FAILED;
                        }
                    }
                }
            }
            return engine.dispatcher.waitFor(objects, bWaitAll, timeout(dwMilliseconds), bAlertable);
        } finally {
            for (int i = 0; i < taken; i++) {
                objects[i].dereference();
            }
        }
    }

    private KernelObject waitTarget(ResolvedHandle h) {
        KernelObject o = use(h, KernelObject.class, 0);
        if (o == null) {
            return null;
        }
        if (!o.waitable()) {
            o.dereference();
            error(Win32Error.ERROR_INVALID_HANDLE);
            return null;
        }
        return o;
    }
}
