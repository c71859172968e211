package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.win32.StdCallLibrary;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The binding rules that are not ABI facts (those are {@link BindingAbiTest}'s): stdcall interfaces
 * and callbacks, static loaders that refuse off Windows, no {@code WSAGetLastError}, no
 * {@code NativeLong}. By reflection only: no DLL is loaded, so this runs on any OS.
 */
class BindingSignaturesTest {
    /** The interfaces written here (as opposed to reused from jna-platform). */
    private static final List<Class<?>> OWN = BindingAbiTest.libraries();

    @Test
    void ownLibrariesAreStdcallWithStaticLoaders() {
        for (Class<?> library : OWN) {
            assertTrue(StdCallLibrary.class.isAssignableFrom(library), library + " must be a StdCallLibrary");
            assertTrue(Library.class.isAssignableFrom(library));
            Method load = assertDoesNotThrowReflect(library);
            assertTrue(Modifier.isStatic(load.getModifiers()), library + ".load() must be static");
            assertEquals(library, load.getReturnType());
        }
    }

    private static Method assertDoesNotThrowReflect(Class<?> library) {
        try {
            return library.getMethod("load");
        } catch (NoSuchMethodException e) {
            throw new AssertionError(library + " has no load()", e);
        }
    }

    @Test
    void callbacksAreStdcallCallbacks() {
        for (Class<?> library : OWN) {
            for (Class<?> nested : library.getDeclaredClasses()) {
                if (Callback.class.isAssignableFrom(nested)) {
                    assertTrue(StdCallLibrary.StdCallCallback.class.isAssignableFrom(nested),
                            nested + " must be a StdCallCallback (CALLBACK/WINAPI is __stdcall on Win32)");
                }
            }
        }
    }

    @Test
    void wsaGetLastErrorIsNotBound() {
        // JNA#1713: a JNA-mapped WSAGetLastError returns a value clobbered by the JVM transition.
        for (Class<?> library : OWN) {
            Optional<Method> bad = Arrays.stream(library.getMethods())
                    .filter(m -> m.getName().startsWith("WSAGetLastError") || m.getName().equals("GetLastError"))
                    .findAny();
            assertFalse(bad.isPresent(), library + " binds " + bad.map(Method::getName).orElse(""));
        }
    }

    @Test
    void noBindingUsesNativeLongOrLongForPointerSizedValues() {
        for (Class<?> library : OWN) {
            for (Method m : library.getDeclaredMethods()) {
                for (Class<?> t : m.getParameterTypes()) {
                    assertNotEquals(com.sun.jna.NativeLong.class, t, m.toString());
                }
            }
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void loadersRefuseOffWindowsWithoutTouchingJna() {
        assertAll(
                () -> assertThrows(UnsupportedOperationException.class, Kernel32Library::load),
                () -> assertThrows(UnsupportedOperationException.class, KernelBaseLibrary::load),
                () -> assertThrows(UnsupportedOperationException.class, Advapi32Library::load),
                () -> assertThrows(UnsupportedOperationException.class, Ktmw32Library::load),
                () -> assertThrows(UnsupportedOperationException.class, Ws2_32Library::load),
                () -> assertThrows(UnsupportedOperationException.class, WinInetLibrary::load),
                () -> assertThrows(UnsupportedOperationException.class, WlanApiLibrary::load));
    }
}
