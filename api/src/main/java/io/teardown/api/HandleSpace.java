package io.teardown.api;

/**
 * The handle tables of one emulated process. Kernel objects and sockets share {@link #KERNEL} (a
 * SOCKET is a kernel handle); WinINet's HINTERNETs and WLAN client handles each have their own
 * table, as on Windows (KO-11, WS-02; <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>).
 */
public enum HandleSpace {
    /** Kernel objects ({@code CloseHandle}) and sockets ({@code closesocket}). */
    KERNEL,
    /** WinINet's HINTERNET handles ({@code InternetCloseHandle}). */
    INTERNET,
    /** WLAN client handles ({@code WlanCloseHandle}). */
    WLAN
}
