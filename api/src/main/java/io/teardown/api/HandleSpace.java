package io.teardown.api;

/**
 * The handle tables of one emulated process. Kernel objects and sockets share {@link #KERNEL} (a
 * SOCKET is a kernel handle); WinINet's HINTERNETs and WLAN client handles each have their own
 * table, as on Windows (DESIGN.md item 2).
 */
public enum HandleSpace {
    /** Kernel objects ({@code CloseHandle}) and sockets ({@code closesocket}). */
    KERNEL,
    /** WinINet's HINTERNET handles ({@code InternetCloseHandle}). */
    INTERNET,
    /** WLAN client handles ({@code WlanCloseHandle}). */
    WLAN
}
