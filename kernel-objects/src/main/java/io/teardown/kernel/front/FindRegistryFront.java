package io.teardown.kernel.front;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.KernelDriver;

/**
 * The part of {@link KernelFront} for the two handle families that share the kernel table but are no
 * kernel handles (KO-09), each with its own resolver: find handles ({@link FindArgs}: {@code FindNextFile}
 * takes only a find handle, 6 otherwise, then 998 for no {@code WIN32_FIND_DATA}; {@code FindClose} is
 * the front's own close, {@link HandleRules#findClose}) and registry keys ({@link KeyArgs}: the
 * {@code Reg*} functions take a key or a predefined key and return 6 for anything else without touching
 * the last error; {@code RegOpenKeyEx}/{@code RegCreateKeyEx} without {@code phkResult} are 87 before the
 * key; {@code RegCloseKey} is the front's own close, {@link HandleRules#regCloseKey}). The driver's
 * {@code FileCalls} gets the resolved entry. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
abstract class FindRegistryFront extends FileFront {
    private final FindArgs finds;
    private final KeyArgs keys;

    FindRegistryFront(Session session, KernelDriver driver) {
        super(session, driver);
        this.finds = new FindArgs(session);
        this.keys = new KeyArgs(session);
    }

    @Override
    public long FindFirstFile(String lpFileName, Win32FindData lpFindFileData) {
        return driver.files().FindFirstFile(lpFileName, lpFindFileData);
    }

    @Override
    public boolean FindNextFile(long hFindFile, Win32FindData lpFindFileData) {
        return finds.with("FindNextFile", hFindFile, false, f -> lpFindFileData == null ? fail(NO_ACCESS)
                : driver.files().FindNextFile(f, lpFindFileData));
    }

    @Override
    public boolean FindClose(long hFindFile) {
        return handles.findClose(hFindFile);
    }

    @Override
    public int RegOpenKeyEx(long hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult) {
        if (phkResult == null) {
            return BAD_PARAMETER;
        }
        return keys.with("RegOpenKeyEx", hKey, k -> driver.files().RegOpenKeyEx(k, lpSubKey, ulOptions, samDesired,
                phkResult));
    }

    @Override
    public int RegCreateKeyEx(long hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                              SecurityAttributes lpSecurityAttributes, LongRef phkResult, IntRef lpdwDisposition) {
        if (phkResult == null) {
            return BAD_PARAMETER;
        }
        return keys.with("RegCreateKeyEx", hKey, k -> driver.files().RegCreateKeyEx(k, lpSubKey, Reserved, lpClass,
                dwOptions, samDesired, lpSecurityAttributes, phkResult, lpdwDisposition));
    }

    @Override
    public int RegSetValueEx(long hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData) {
        return keys.with("RegSetValueEx", hKey, k -> driver.files().RegSetValueEx(k, lpValueName, Reserved, dwType,
                lpData, cbData));
    }

    @Override
    public int RegQueryValueEx(long hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
                               IntRef lpcbData) {
        return keys.with("RegQueryValueEx", hKey, k -> driver.files().RegQueryValueEx(k, lpValueName, lpReserved,
                lpType, lpData, lpcbData));
    }

    @Override
    public int RegCloseKey(long hKey) {
        return handles.regCloseKey(hKey);
    }
}
