package io.teardown.api.handle;

/**
 * The function Windows expects to close a handle of a given kind. {@code CloseHandle} consults it
 * to reproduce the rules for foreign handles (KO-09, WS-15).
 */
public enum Closer {
    /** An ordinary kernel object: {@code CloseHandle}. */
    CLOSE_HANDLE,
    /** A socket: {@code closesocket} (CloseHandle works on it, as misuse; WS-15). */
    CLOSESOCKET,
    /** A find handle: {@code FindClose} (CloseHandle fails on it; KO-09). */
    FIND_CLOSE,
    /** An opened registry key: {@code RegCloseKey} (CloseHandle does nothing, reports nothing; KO-09). */
    REG_CLOSE_KEY,
    /** A WinINet handle: {@code InternetCloseHandle}. */
    INTERNET_CLOSE_HANDLE,
    /** A WLAN client handle: {@code WlanCloseHandle}. */
    WLAN_CLOSE_HANDLE
}
