package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.platform.win32.WinReg.HKEY;
import com.sun.jna.platform.win32.WinReg.HKEYByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The advapi32 functions the kernel driver calls (the registry, {@code OpenProcessToken}; with our own
 * {@code RegQueryValueEx}, which jna-platform's {@link com.sun.jna.platform.win32.Advapi32} binds with a
 * wrong width), and the predefined registry keys (KO-09: {@code RegCloseKey} on one returns 0 and closes
 * nothing). Like every {@code Reg*} function these return their error code.
 */
public interface Advapi32Library extends StdCallLibrary {
    /** The DLL this interface binds (BindingAbiTest checks each export against it). */
    String DLL = "advapi32";
    /** {@code HKEY_CLASSES_ROOT}, sign-extended as {@code (HKEY)(ULONG_PTR)(LONG)0x80000000} is on Win64. */
    long HKEY_CLASSES_ROOT = (long) 0x80000000;
    /** {@code HKEY_CURRENT_USER}. */
    long HKEY_CURRENT_USER = (long) 0x80000001;
    /** {@code HKEY_LOCAL_MACHINE}. */
    long HKEY_LOCAL_MACHINE = (long) 0x80000002;
    /** {@code HKEY_USERS}. */
    long HKEY_USERS = (long) 0x80000003;
    /** {@code HKEY_PERFORMANCE_DATA}. */
    long HKEY_PERFORMANCE_DATA = (long) 0x80000004;
    /** {@code HKEY_CURRENT_CONFIG}. */
    long HKEY_CURRENT_CONFIG = (long) 0x80000005;
    /** {@code HKEY_DYN_DATA}. */
    long HKEY_DYN_DATA = (long) 0x80000006;
    /** {@code HKEY_CURRENT_USER_LOCAL_SETTINGS}. */
    long HKEY_CURRENT_USER_LOCAL_SETTINGS = (long) 0x80000007;
    /** {@code HKEY_PERFORMANCE_TEXT}. */
    long HKEY_PERFORMANCE_TEXT = (long) 0x80000050;
    /** {@code HKEY_PERFORMANCE_NLSTEXT}. */
    long HKEY_PERFORMANCE_NLSTEXT = (long) 0x80000060;

    /** Loads advapi32 (Windows only). */
    static Advapi32Library load() {
        return WindowsOnly.load(DLL, Advapi32Library.class);
    }

    /**
     * {@code LSTATUS RegQueryValueExW(HKEY, LPCWSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType,
     * LPBYTE lpData, LPDWORD lpcbData)}. {@code lpReserved} is a pointer (pass NULL); jna-platform
     * declares it {@code int}, which fills only the low half of the 8-byte argument on Win64.
     */
    int RegQueryValueEx(HKEY hKey, String lpValueName, Pointer lpReserved, IntByReference lpType, Pointer lpData,
            IntByReference lpcbData);

    /** {@code RegCloseKey}. */
    int RegCloseKey(HKEY hKey);

    /** {@code OpenProcessToken}. */
    boolean OpenProcessToken(HANDLE processHandle, int desiredAccess, HANDLEByReference tokenHandle);

    /** {@code RegOpenKeyEx}. */
    int RegOpenKeyEx(HKEY hKey, String lpSubKey, int ulOptions, int samDesired, HKEYByReference phkResult);

    /** {@code RegCreateKeyEx}. */
    int RegCreateKeyEx(HKEY hKey, String lpSubKey, int reserved, String lpClass, int dwOptions, int samDesired, SECURITY_ATTRIBUTES lpSecurityAttributes, HKEYByReference phkResult, IntByReference lpdwDisposition);

    /** {@code RegSetValueEx}. */
    int RegSetValueEx(HKEY hKey, String lpValueName, int reserved, int dwType, byte[] lpData, int cbData);
}
