package io.teardown.backend.windows.jna;

import com.sun.jna.Callback;
import com.sun.jna.IntegerType;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.ptr.ShortByReference;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares one C type of {@link Win32Prototypes} with the Java type JNA will marshal: width,
 * signedness (where Java can express it: {@link IntegerType}'s unsigned flag), and pointer-ness —
 * including what a typed pointer points to. A Java {@code long} never stands for a pointer-sized C
 * type (it would be right on Win64 only), and {@link NativeLong} is never allowed (it is 8 bytes on
 * 64-bit Linux but 4 on Win64, so it cannot carry a Windows {@code long}).
 */
final class CTypes {
    private CTypes() {
    }

    /** Scalar C types: bits and signedness. */
    private record Scalar(int bits, boolean unsigned) {
    }

    private static final Map<String, Scalar> SCALARS = Map.ofEntries(
            Map.entry("BOOL", new Scalar(32, false)),
            Map.entry("int", new Scalar(32, false)),
            Map.entry("long", new Scalar(32, false)),
            Map.entry("LONG", new Scalar(32, false)),
            Map.entry("ENUM", new Scalar(32, false)),
            Map.entry("DWORD", new Scalar(32, true)),
            Map.entry("ULONG", new Scalar(32, true)),
            Map.entry("UINT", new Scalar(32, true)),
            Map.entry("u_long", new Scalar(32, true)),
            Map.entry("WORD", new Scalar(16, true)),
            Map.entry("USHORT", new Scalar(16, true)),
            Map.entry("char", new Scalar(8, false)),
            Map.entry("LARGE_INTEGER", new Scalar(64, false)));

    /** Pointer-sized integer C types and their signedness. */
    private static final Map<String, Boolean> POINTER_SIZED = Map.of(
            "SOCKET", true, "DWORD_PTR", true, "ULONG_PTR", true, "SIZE_T", true);

    /** IntegerTypes whose width is {@code Native.POINTER_SIZE} by construction. */
    static final Set<Class<?>> POINTER_SIZED_JAVA = Set.of(SOCKET.class, BaseTSD.ULONG_PTR.class,
            BaseTSD.DWORD_PTR.class, BaseTSD.SIZE_T.class, BaseTSD.LONG_PTR.class, BaseTSD.SSIZE_T.class,
            WinDef.UINT_PTR.class, WinDef.INT_PTR.class);

    private static final Set<String> ANY_POINTER = Set.of("LPVOID", "PVOID", "LPCVOID");
    private static final Set<String> WIDE_STRING = Set.of("LPCWSTR", "LPWSTR");

    /** Why {@code java} cannot carry {@code c}, or empty if it can. */
    static Optional<String> mismatch(String c, Class<?> java) {
        if (java == NativeLong.class) {
            return bad(c, java, "NativeLong is 8 bytes on 64-bit Linux, 4 on Win64");
        }
        if (c.equals("VOID")) {
            return java == void.class ? ok() : bad(c, java, "must be void");
        }
        if (SCALARS.containsKey(c)) {
            return scalar(c, SCALARS.get(c), java);
        }
        if (POINTER_SIZED.containsKey(c)) {
            return pointerSized(c, POINTER_SIZED.get(c), java);
        }
        if (c.equals("HANDLE") || c.equals("WSAEVENT")) {
            return WinNT.HANDLE.class.isAssignableFrom(java) && !WinReg.HKEY.class.isAssignableFrom(java)
                    ? ok() : bad(c, java, "a kernel handle must be WinNT.HANDLE");
        }
        if (c.equals("HKEY")) {
            return java == WinReg.HKEY.class ? ok() : bad(c, java, "must be WinReg.HKEY");
        }
        if (c.equals("HINTERNET")) {
            return java == HINTERNET.class ? ok() : bad(c, java, "must be HINTERNET");
        }
        if (ANY_POINTER.contains(c)) {
            return isPointer(java) ? ok() : bad(c, java, "must be pointer-sized and a pointer");
        }
        if (WIDE_STRING.contains(c)) {
            return java == String.class || java == WString.class || java == Pointer.class ? ok()
                    : bad(c, java, "a UTF-16 string: String (W32 type mapper), WString or Pointer");
        }
        if (c.startsWith("&")) {
            String name = c.substring(1);
            boolean named = Callback.class.isAssignableFrom(java) && java.getSimpleName().equals(name);
            return named || java == Pointer.class ? ok() : bad(c, java, "callback " + name + " or Pointer");
        }
        if (c.startsWith("**")) {
            return java == PointerByReference.class || java == Pointer.class ? ok()
                    : bad(c, java, "pointer to a pointer: PointerByReference or Pointer");
        }
        if (c.startsWith("*")) {
            return pointerTo(c, c.substring(1), java);
        }
        throw new IllegalArgumentException("unknown C type in the table: " + c);
    }

    private static Optional<String> scalar(String c, Scalar s, Class<?> java) {
        if (IntegerType.class.isAssignableFrom(java)) {
            if (POINTER_SIZED_JAVA.contains(java)) {
                return bad(c, java, "pointer-sized type for a fixed " + s.bits() + "-bit C type");
            }
            int bits = 8 * integerSize(java);
            boolean unsigned = integerUnsigned(java);
            if (bits != s.bits()) {
                return bad(c, java, bits + " bits, C has " + s.bits());
            }
            return unsigned == s.unsigned() ? ok() : bad(c, java, "signedness differs");
        }
        int bits = primitiveBits(java, c.equals("BOOL"));
        if (bits == 0) {
            return bad(c, java, "not a " + s.bits() + "-bit integer carrier");
        }
        return bits == s.bits() ? ok() : bad(c, java, bits + " bits, C has " + s.bits());
    }

    private static Optional<String> pointerSized(String c, boolean unsigned, Class<?> java) {
        if (c.equals("SOCKET")) {
            return java == SOCKET.class ? ok() : bad(c, java, "must be the SOCKET type");
        }
        if (java == Pointer.class) {
            return ok(); // same width and register class as UINT_PTR
        }
        if (!POINTER_SIZED_JAVA.contains(java)) {
            return bad(c, java, "must be a pointer-sized IntegerType (a Java long is 64-bit on Win32 too)");
        }
        return integerUnsigned(java) == unsigned ? ok() : bad(c, java, "signedness differs");
    }

    private static Optional<String> pointerTo(String c, String target, Class<?> java) {
        if (java == Pointer.class) {
            return ok(); // raw memory the caller lays out
        }
        if (SCALARS.containsKey(target)) {
            int bits = SCALARS.get(target).bits();
            boolean fits = switch (bits) {
                case 8 -> java == byte[].class || java == ByteByReference.class || Buffer.class.isAssignableFrom(java);
                case 16 -> java == short[].class || java == ShortByReference.class;
                case 32 -> java == int[].class || java == IntByReference.class;
                case 64 -> java == long[].class || java == LongByReference.class;
                default -> false;
            };
            return fits ? ok() : bad(c, java, "must point to " + bits + "-bit integers");
        }
        if (target.equals("HANDLE")) {
            return java == WinNT.HANDLEByReference.class || java == WinNT.HANDLE[].class
                    || java == PointerByReference.class ? ok() : bad(c, java, "pointer to HANDLE");
        }
        if (target.equals("HKEY")) {
            return java == WinReg.HKEYByReference.class ? ok() : bad(c, java, "pointer to HKEY");
        }
        if (target.equals("ULONG_PTR")) {
            return java == BaseTSD.ULONG_PTRByReference.class ? ok() : bad(c, java, "pointer to ULONG_PTR");
        }
        if (target.equals("LPCWSTR")) {
            return java == String[].class || java == WString[].class ? ok() : bad(c, java, "array of strings");
        }
        boolean struct = Structure.class.isAssignableFrom(java) && !Structure.ByValue.class.isAssignableFrom(java);
        if (struct && structName(java).equals(target)) {
            return ok();
        }
        return bad(c, java, "pointer to struct " + target + " (a Structure of that name) or Pointer");
    }

    private static String structName(Class<?> java) {
        String name = java.getSimpleName();
        // jna-platform names WIN32_FIND_DATA without the W suffix of its UTF-16 layout
        return name.equals("WIN32_FIND_DATA") ? "WIN32_FIND_DATAW" : name;
    }

    /** Whether JNA passes {@code java} as a pointer. */
    static boolean isPointer(Class<?> java) {
        return java == Pointer.class || PointerType.class.isAssignableFrom(java)
                || (Structure.class.isAssignableFrom(java) && !Structure.ByValue.class.isAssignableFrom(java))
                || com.sun.jna.ptr.ByReference.class.isAssignableFrom(java) || java.isArray()
                || Buffer.class.isAssignableFrom(java) || java == String.class || java == WString.class
                || Callback.class.isAssignableFrom(java);
    }

    private static int primitiveBits(Class<?> java, boolean bool) {
        if (java == int.class) {
            return 32;
        }
        if (java == boolean.class) {
            return bool ? 32 : 0; // JNA passes boolean as a 32-bit int; only BOOL may use it
        }
        if (java == short.class) {
            return 16;
        }
        if (java == byte.class) {
            return 8;
        }
        if (java == long.class) {
            return 64;
        }
        return 0;
    }

    /** The byte width of an {@link IntegerType} class (from a default instance). */
    static int integerSize(Class<?> java) {
        return (int) integerField(java, "size");
    }

    /** The unsigned flag of an {@link IntegerType} class (from a default instance). */
    static boolean integerUnsigned(Class<?> java) {
        return (boolean) integerField(java, "unsigned");
    }

    private static Object integerField(Class<?> java, String name) {
        try {
            Object instance = java.getConstructor().newInstance();
            Field f = IntegerType.class.getDeclaredField(name);
            f.setAccessible(true); // com.sun.jna is an automatic module: all its packages are open
            return f.get(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot inspect " + java.getName(), e);
        }
    }

    static int pointerSize() {
        return Native.POINTER_SIZE;
    }

    private static Optional<String> ok() {
        return Optional.empty();
    }

    private static Optional<String> bad(String c, Class<?> java, String why) {
        return Optional.of("C " + c + " vs Java " + java.getSimpleName() + ": " + why);
    }
}
