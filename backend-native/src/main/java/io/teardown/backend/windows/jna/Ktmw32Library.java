package io.teardown.backend.windows.jna;

import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;

/**
 * ktmw32 (Kernel Transaction Manager): the transaction object of KO-05 and the commit/rollback of
 * KO-08. A transaction is a kernel handle closed with {@code CloseHandle}; closing it without a
 * commit rolls it back. Failures set the thread's last error.
 */
public interface Ktmw32Library extends StdCallLibrary {
    /** The DLL this interface binds (BindingAbiTest checks each export against it). */
    String DLL = "ktmw32";

    /** Loads ktmw32 (Windows only). */
    static Ktmw32Library load() {
        return WindowsOnly.load(DLL, Ktmw32Library.class);
    }

    /**
     * {@code HANDLE CreateTransaction(LPSECURITY_ATTRIBUTES, LPGUID UOW, DWORD CreateOptions, DWORD
     * IsolationLevel, DWORD IsolationFlags, DWORD Timeout, LPWSTR Description)}; UOW must be NULL,
     * Timeout 0 means none. Returns {@code INVALID_HANDLE_VALUE} on failure.
     */
    HANDLE CreateTransaction(SECURITY_ATTRIBUTES lpTransactionAttributes, GUID uow, int createOptions,
            int isolationLevel, int isolationFlags, int timeout, String description);

    /** {@code BOOL CommitTransaction(HANDLE TransactionHandle)}. */
    boolean CommitTransaction(HANDLE transactionHandle);

    /** {@code BOOL RollbackTransaction(HANDLE TransactionHandle)}. */
    boolean RollbackTransaction(HANDLE transactionHandle);
}
