package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.StdCallLibrary;
import io.teardown.backend.windows.jna.Win32Prototypes.Prototype;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Checks every bound function's Java signature against the documented C prototype in
 * {@link Win32Prototypes}, by reflection only: no DLL is loaded, so this runs on any OS.
 */
class BindingSignaturesTest {
    /** Library key → interface; jna-platform's are reused, the rest are this package's. */
    private static final Map<String, Class<?>> LIBRARIES = Map.of(
            "kernel32", Kernel32.class,
            "advapi32", Advapi32.class,
            "kernel32x", Kernel32Library.class,
            "ktmw32", Ktmw32Library.class,
            "ws2_32", Ws2_32Library.class,
            "wininet", WinInetLibrary.class,
            "wlanapi", WlanApiLibrary.class);

    /** The interfaces written here (as opposed to reused from jna-platform). */
    private static final List<Class<?>> OWN = List.of(Kernel32Library.class, Ktmw32Library.class,
            Ws2_32Library.class, WinInetLibrary.class, WlanApiLibrary.class);

    @TestFactory
    Stream<DynamicTest> everyPrototypeMatchesItsBinding() {
        return Win32Prototypes.all().stream()
                .map(p -> DynamicTest.dynamicTest(p.toString(), () -> check(p)));
    }

    private static void check(Prototype p) {
        List<Method> methods = p.library().equals("callback") ? List.of(callbackMethod(p.javaName()))
                : bound(LIBRARIES.get(p.library()), p.javaName());
        if (methods.isEmpty()) {
            fail("no Java binding for " + p);
        }
        for (Method m : methods) {
            List<String> problems = new ArrayList<>();
            if (m.getParameterCount() != p.params().size()) {
                problems.add(m.getParameterCount() + " Java parameters, C has " + p.params().size());
            } else {
                Class<?>[] types = m.getParameterTypes();
                for (int i = 0; i < types.length; i++) {
                    int index = i;
                    CTypes.mismatch(p.params().get(i), types[i]).ifPresent(why -> problems.add("arg " + index + ": " + why));
                }
            }
            CTypes.mismatch(p.returnType(), m.getReturnType()).ifPresent(why -> problems.add("return: " + why));
            assertTrue(problems.isEmpty(), m + " does not match " + p + ": " + problems);
        }
    }

    /** Every abstract method named {@code name} (each overload is a binding of the same export). */
    private static List<Method> bound(Class<?> library, String name) {
        return Arrays.stream(library.getMethods())
                .filter(m -> m.getName().equals(name) && Modifier.isAbstract(m.getModifiers()))
                .toList();
    }

    private static Method callbackMethod(String name) {
        for (Class<?> library : OWN) {
            for (Class<?> nested : library.getDeclaredClasses()) {
                if (nested.getSimpleName().equals(name)) {
                    Method[] methods = nested.getDeclaredMethods();
                    assertEquals(1, methods.length, name + " must declare exactly one method (JNA's rule)");
                    return methods[0];
                }
            }
        }
        throw new AssertionError("no callback interface " + name);
    }

    @Test
    void everyOwnBindingIsInTheTable() {
        Set<String> listed = Win32Prototypes.all().stream()
                .filter(p -> !p.library().equals("kernel32") && !p.library().equals("advapi32"))
                .map(p -> p.library().equals("callback") ? "callback:" + p.javaName()
                        : LIBRARIES.get(p.library()).getSimpleName() + "." + p.javaName())
                .collect(Collectors.toSet());
        Set<String> declared = new HashSet<>();
        for (Class<?> library : OWN) {
            for (Method m : library.getDeclaredMethods()) {
                if (Modifier.isAbstract(m.getModifiers())) {
                    declared.add(library.getSimpleName() + "." + m.getName());
                }
            }
            for (Class<?> nested : library.getDeclaredClasses()) {
                if (Callback.class.isAssignableFrom(nested)) {
                    declared.add("callback:" + nested.getSimpleName());
                }
            }
        }
        assertEquals(listed, declared, "bindings and prototype table must list the same functions");
    }

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
    void pointerSizedIntegerTypesArePointerSized() {
        for (Class<?> t : CTypes.POINTER_SIZED_JAVA) {
            assertEquals(Native.POINTER_SIZE, CTypes.integerSize(t), t.getName());
        }
        assertTrue(CTypes.integerUnsigned(SOCKET.class), "SOCKET is UINT_PTR: unsigned");
        assertTrue(CTypes.integerUnsigned(BaseTSD.ULONG_PTR.class), "DWORD_PTR contexts: unsigned");
    }

    @Test
    void jnaPlatformMapViewOfFileIsNarrowSoKernel32LibraryRebindsIt() throws NoSuchMethodException {
        // dwNumberOfBytesToMap is SIZE_T; jna-platform 5.19 declares int. Kernel32Library's overload is
        // used instead (see the table). If jna-platform fixes it, this test says the rebinding can go.
        Method platform = Kernel32.class.getMethod("MapViewOfFile", WinNT.HANDLE.class, int.class, int.class,
                int.class, int.class);
        assertTrue(CTypes.mismatch("SIZE_T", platform.getParameterTypes()[4]).isPresent());
    }

    @Test
    void signatureCheckerRejectsCommonMistakes() {
        assertAll(
                () -> assertTrue(CTypes.mismatch("SOCKET", long.class).isPresent(), "SOCKET as long"),
                () -> assertTrue(CTypes.mismatch("SOCKET", int.class).isPresent(), "SOCKET as int"),
                () -> assertTrue(CTypes.mismatch("DWORD_PTR", long.class).isPresent(), "DWORD_PTR as long"),
                () -> assertTrue(CTypes.mismatch("DWORD_PTR", BaseTSD.DWORD_PTR.class).isPresent(),
                        "jna-platform's DWORD_PTR is signed"),
                () -> assertTrue(CTypes.mismatch("long", com.sun.jna.NativeLong.class).isPresent(), "NativeLong"),
                () -> assertTrue(CTypes.mismatch("long", long.class).isPresent(), "Windows long is 32-bit"),
                () -> assertTrue(CTypes.mismatch("WORD", int.class).isPresent(), "WORD as int"),
                () -> assertTrue(CTypes.mismatch("DWORD", boolean.class).isPresent(), "boolean only for BOOL"),
                () -> assertTrue(CTypes.mismatch("HANDLE", HINTERNET.class).isPresent(), "HINTERNET for HANDLE"),
                () -> assertTrue(CTypes.mismatch("*DWORD", com.sun.jna.ptr.LongByReference.class).isPresent()),
                () -> assertTrue(CTypes.mismatch("*WSADATA", WSANETWORKEVENTS.class).isPresent()),
                () -> assertTrue(CTypes.mismatch("VOID", int.class).isPresent()),
                () -> assertTrue(CTypes.mismatch("&INTERNET_STATUS_CALLBACK",
                        WlanApiLibrary.WLAN_NOTIFICATION_CALLBACK.class).isPresent()));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void loadersRefuseOffWindowsWithoutTouchingJna() {
        assertAll(
                () -> assertThrows(UnsupportedOperationException.class, Kernel32Library::load),
                () -> assertThrows(UnsupportedOperationException.class, Ktmw32Library::load),
                () -> assertThrows(UnsupportedOperationException.class, Ws2_32Library::load),
                () -> assertThrows(UnsupportedOperationException.class, WinInetLibrary::load),
                () -> assertThrows(UnsupportedOperationException.class, WlanApiLibrary::load));
    }
}
