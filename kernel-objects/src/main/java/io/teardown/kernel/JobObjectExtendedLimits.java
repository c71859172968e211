package io.teardown.kernel;

/**
 * {@code JOBOBJECT_EXTENDED_LIMIT_INFORMATION} for {@link Kernel32#SetInformationJobObject} with
 * {@link Kernel32#JobObjectExtendedLimitInformation}. The portable engine honours
 * {@link Kernel32#JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE} in {@code BasicLimitInformation.LimitFlags}; the
 * other limits are stored by Windows only. Not thread-safe.
 */
public final class JobObjectExtendedLimits {
    /** {@code JOBOBJECT_BASIC_LIMIT_INFORMATION}. */
    public final BasicLimitInformation BasicLimitInformation = new BasicLimitInformation();
    /** Per-process committed memory limit, with {@code JOB_OBJECT_LIMIT_PROCESS_MEMORY}. */
    public long ProcessMemoryLimit;
    /** Job-wide committed memory limit, with {@code JOB_OBJECT_LIMIT_JOB_MEMORY}. */
    public long JobMemoryLimit;

    /** Limits with every field 0. */
    public JobObjectExtendedLimits() {
    }

    /** Size of the C structure on 64-bit Windows, for {@code cbJobObjectInformationLength}. */
    public static final int SIZE = 144;

    /** {@code JOBOBJECT_BASIC_LIMIT_INFORMATION}: the limit flags and the basic limits. */
    public static final class BasicLimitInformation {
        /** {@code JOB_OBJECT_LIMIT_…} flags. */
        public int LimitFlags;
        /** Maximum number of active processes, with {@code JOB_OBJECT_LIMIT_ACTIVE_PROCESS}. */
        public int ActiveProcessLimit;

        BasicLimitInformation() {
        }
    }
}
