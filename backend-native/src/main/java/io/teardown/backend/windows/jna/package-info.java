/**
 * The JNA binding layer of the native backend: library interfaces for kernel32, advapi32, ktmw32,
 * ws2_32, wininet and wlanapi, the C structures they take, and the two helpers every native call goes
 * through.
 *
 * <p>Types follow the C prototypes, not convenience: {@code DWORD}/{@code BOOL}/{@code LONG} are
 * 32-bit ({@code int}/{@code boolean}, never {@link com.sun.jna.NativeLong}, which is 64-bit on
 * Linux), {@code SOCKET} and {@code DWORD_PTR} are pointer-sized integers ({@link SOCKET},
 * {@link com.sun.jna.platform.win32.BaseTSD.ULONG_PTR}), handles are pointer-sized
 * ({@link com.sun.jna.platform.win32.WinNT.HANDLE}, {@link HINTERNET}). Fixed {@code WCHAR} arrays in
 * structures are byte arrays (JNA's {@code char} is 4 bytes on Linux, so a {@code char[]} would make
 * the layout platform dependent and untestable off Windows).
 *
 * <p>Errors: {@link NativeCalls} reads {@code Native.getLastError()} on the calling thread straight
 * after the call; {@code WSAGetLastError} is deliberately not bound (JNA#1713: its value is clobbered
 * by the JVM transition). {@code WSAStartup}, {@code RegCloseKey} and the {@code Wlan*} functions
 * return their error instead.
 *
 * <p>Callbacks: {@link CallbackKeeper} keeps every registered callback strongly reachable until
 * Windows can no longer call it ({@link InternetStatusCallbacks}: until {@code HANDLE_CLOSING};
 * {@link WlanNotifications}: until {@code WlanCloseHandle} has returned). The package is opened to
 * {@code com.sun.jna}, which reflects on structures and callbacks, and is not exported.
 */
package io.teardown.backend.windows.jna;
