package io.teardown.kernel.front;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.KernelDriver;

/**
 * What the parts of {@link KernelFront} share: the session, the driver, the handle rules and the
 * resolver of kernel-handle arguments ({@link HandleArgs}), and setting the last error. The parts, each
 * one family of {@link Kernel32}: {@link PortFront} (completion ports, overlapped results, cancellation),
 * {@link FileFront} (files, mappings, pipes, mailslots, transacted files), {@link FindRegistryFront}
 * (find handles and registry keys, each with its own resolver), {@link SyncProcessFront} (synchronisation,
 * threads, processes, jobs, tokens, transactions) and {@link KernelFront} (the handle functions). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
abstract class FrontBase implements Kernel32 {
    static final int BAD_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    static final int NO_ACCESS = Win32Error.ERROR_NOACCESS.code();
    static final int NOT_IMPLEMENTED = Win32Error.ERROR_CALL_NOT_IMPLEMENTED.code();

    final Session session;
    final KernelDriver driver;
    final HandleRules handles;
    final HandleArgs args;

    FrontBase(Session session, KernelDriver driver) {
        this.session = session;
        this.driver = driver;
        this.handles = new HandleRules(session, driver);
        this.args = new HandleArgs(session, driver::standardHandle);
    }

    final boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }
}
