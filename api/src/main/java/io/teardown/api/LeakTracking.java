package io.teardown.api;

/** How much a session records to report leaked handles. */
public enum LeakTracking {
    /** No reports at all. */
    OFF,
    /** Report leaks (type and value), without the stack that opened them. The default. */
    SIMPLE,
    /** Report leaks with the stack that opened each handle (costs a stack walk per open). */
    PARANOID
}
