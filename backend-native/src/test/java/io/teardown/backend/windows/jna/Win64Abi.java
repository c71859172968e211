package io.teardown.backend.windows.jna;

import com.sun.jna.Callback;
import com.sun.jna.IntegerType;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.Structure;
import com.sun.jna.Union;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.ptr.ShortByReference;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How JNA passes and lays out Java types on 64-bit Windows (LLP64), worked out by reflection without
 * loading a DLL, so that it can be compared with the golden file's C types on any OS: a pointer,
 * {@code String}, {@code PointerType} or callback is 8 bytes, {@code NativeLong} 4, {@code char} 2
 * ({@code wchar_t}), {@code boolean} 4; structures use MSVC's natural alignment (JNA's
 * {@code ALIGN_DEFAULT} on Windows), so each member is aligned to its own alignment and the size is
 * rounded up to the largest one.
 */
final class Win64Abi {
    private Win64Abi() {
    }

    /** Size and alignment of one member or structure. */
    record Layout(int size, int align) {
    }

    /** One member at its offset. */
    record Member(String name, int offset, int size) {
    }

    /** IntegerTypes that are as wide as a pointer on every Windows (Win32 too). */
    static final Set<Class<?>> POINTER_SIZED = Set.of(SOCKET.class, BaseTSD.ULONG_PTR.class, BaseTSD.DWORD_PTR.class,
            BaseTSD.SIZE_T.class, BaseTSD.LONG_PTR.class, BaseTSD.SSIZE_T.class, WinDef.UINT_PTR.class,
            WinDef.INT_PTR.class);

    // ---------------------------------------------------------------- structure layout

    /** The members of {@code s} at their Win64 offsets, in field order. */
    static List<Member> members(Structure s) {
        List<Member> out = new ArrayList<>();
        boolean union = s instanceof Union;
        boolean packed = alignType(s) == Structure.ALIGN_NONE;
        int offset = 0;
        for (String name : fieldOrder(s)) {
            Layout l = field(s, name);
            int align = packed ? 1 : l.align();
            int at = union ? 0 : roundUp(offset, align);
            out.add(new Member(name, at, l.size()));
            offset = union ? Math.max(offset, l.size()) : at + l.size();
        }
        return out;
    }

    /** The Win64 size and alignment of {@code s}. */
    static Layout layout(Structure s) {
        boolean packed = alignType(s) == Structure.ALIGN_NONE;
        int align = 1;
        int end = 0;
        for (Member m : members(s)) {
            align = Math.max(align, packed ? 1 : field(s, m.name()).align());
            end = Math.max(end, m.offset() + m.size());
        }
        return new Layout(roundUp(end, align), align);
    }

    private static Layout field(Structure s, String name) {
        try {
            Field f = s.getClass().getField(name);
            Object value = f.get(s);
            return of(f.getType(), value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(s.getClass().getName() + "." + name, e);
        }
    }

    /** The Win64 layout of a structure member of type {@code type} (its current {@code value} for arrays). */
    static Layout of(Class<?> type, Object value) {
        if (type.isArray()) {
            int length = java.lang.reflect.Array.getLength(value);
            Object first = length == 0 ? null : java.lang.reflect.Array.get(value, 0);
            Layout element = of(type.getComponentType(), first != null ? first : instance(type.getComponentType()));
            return new Layout(element.size() * length, element.align());
        }
        if (Structure.class.isAssignableFrom(type) && !Structure.ByReference.class.isAssignableFrom(type)) {
            return layout((Structure) (value != null ? value : instance(type)));
        }
        int size = scalarSize(type);
        return new Layout(size, size);
    }

    /** The Win64 width of a scalar, pointer or integer Java type (as a member or an argument). */
    static int scalarSize(Class<?> type) {
        if (type == byte.class) {
            return 1;
        }
        if (type == short.class || type == char.class) {
            return 2; // char is wchar_t: 2 bytes on Windows
        }
        if (type == int.class || type == boolean.class || type == float.class || type == NativeLong.class) {
            return 4; // NativeLong is a C long: 4 bytes on Win64 (LLP64)
        }
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (IntegerType.class.isAssignableFrom(type)) {
            return POINTER_SIZED.contains(type) ? 8 : integerSize(type);
        }
        if (isPointer(type)) {
            return 8;
        }
        throw new IllegalArgumentException("no Win64 layout for " + type.getName());
    }

    private static int roundUp(int n, int align) {
        return (n + align - 1) / align * align;
    }

    // ---------------------------------------------------------------- arguments

    /**
     * Why JNA's argument (or return value) of type {@code java} cannot carry the golden file's C type
     * {@code c} on Win64, or empty if it can. {@code structName} maps a Structure class to the C
     * name the golden file uses.
     */
    static Optional<String> mismatch(String c, Class<?> java, java.util.function.Function<Class<?>, String> structName) {
        if (java == NativeLong.class) {
            return bad(c, java, "NativeLong is 8 bytes on 64-bit Linux and 4 on Win64: use int");
        }
        if (c.equals("void")) {
            return java == void.class ? ok() : bad(c, java, "C returns void");
        }
        if (c.startsWith("ptr>")) {
            return pointer(c, c.substring(4), java, structName);
        }
        if (c.equals("iptr") || c.equals("uptr")) {
            if (java == SOCKET.class || POINTER_SIZED.contains(java)) {
                return integerUnsigned(java) == c.equals("uptr") ? ok() : bad(c, java, "signedness differs");
            }
            return java == Pointer.class ? ok()
                    : bad(c, java, "a pointer-sized integer needs a pointer-sized IntegerType (a Java long is "
                            + "64-bit on Win32 too)");
        }
        if (c.matches("[iu][1248]")) {
            int bytes = c.charAt(1) - '0';
            if (IntegerType.class.isAssignableFrom(java)) {
                if (POINTER_SIZED.contains(java)) {
                    return bad(c, java, "pointer-sized type for a fixed " + bytes + "-byte integer");
                }
                if (integerSize(java) != bytes) {
                    return bad(c, java, integerSize(java) + " bytes, C has " + bytes);
                }
                return integerUnsigned(java) == (c.charAt(0) == 'u') ? ok() : bad(c, java, "signedness differs");
            }
            boolean fits = switch (bytes) {
                case 1 -> java == byte.class;
                case 2 -> java == short.class || java == char.class;
                case 4 -> java == int.class || (java == boolean.class && c.equals("i4"));
                case 8 -> java == long.class;
                default -> false;
            };
            return fits ? ok() : bad(c, java, "not a " + bytes + "-byte integer (boolean only for BOOL)");
        }
        if (c.equals("union(8)") || c.equals("struct(8)")) {
            return java == long.class ? ok() : bad(c, java, "an 8-byte aggregate by value travels as a long");
        }
        return bad(c, java, "no Java type is checked for this C type");
    }

    private static Optional<String> pointer(String c, String pointee, Class<?> java,
            java.util.function.Function<Class<?>, String> structName) {
        if (!isPointer(java)) {
            return bad(c, java, "C passes a pointer");
        }
        if (java == Pointer.class) {
            return ok(); // raw memory the caller lays out
        }
        if (PointerType.class.isAssignableFrom(java) && !ByReference.class.isAssignableFrom(java)) {
            boolean opaque = pointee.equals("void") || pointee.matches("struct\\(\\d+\\)");
            return opaque ? ok() : bad(c, java, "a handle type where C points to " + pointee);
        }
        if (java == String.class || java == WString.class) {
            return pointee.equals("u2") || pointee.equals("i2") ? ok()
                    : bad(c, java, "a UTF-16 string where C points to " + pointee);
        }
        if (java == String[].class || java == WString[].class || java == WinNT.HANDLE[].class
                || java == PointerByReference.class || java == WinNT.HANDLEByReference.class
                || java == WinReg.HKEYByReference.class || java == Pointer[].class) {
            return pointee.equals("ptr") ? ok() : bad(c, java, "a pointer to pointers where C points to " + pointee);
        }
        if (java == BaseTSD.ULONG_PTRByReference.class) {
            return pointee.equals("uptr") ? ok() : bad(c, java, "a pointer to ULONG_PTR where C points to " + pointee);
        }
        if (Callback.class.isAssignableFrom(java)) {
            return pointee.equals("fn") ? ok() : bad(c, java, "a callback where C points to " + pointee);
        }
        if (Structure.class.isAssignableFrom(java)) {
            String name = structName.apply(java);
            boolean named = pointee.equals("struct:" + name);
            boolean generic = pointee.matches("(struct|union)\\(\\d+\\)"); // e.g. struct sockaddr *
            return named || generic ? ok() : bad(c, java, "struct " + name + " where C points to " + pointee);
        }
        int element = java == int[].class || java == IntByReference.class ? 4
                : java == short[].class || java == ShortByReference.class || java == char[].class ? 2
                : java == long[].class || java == LongByReference.class ? 8
                : java == byte[].class || java == ByteByReference.class || Buffer.class.isAssignableFrom(java) ? 1
                : 0;
        if (element == 0) {
            return bad(c, java, "no pointee is checked for this Java type");
        }
        if (element == 1 && pointee.equals("void")) {
            return ok(); // a byte buffer for an LPVOID
        }
        boolean fits = pointee.matches("[iu]" + element) || (element == 8 && pointee.matches("(union|struct)\\(8\\)"));
        return fits ? ok() : bad(c, java, element + "-byte elements where C points to " + pointee);
    }

    /** Whether JNA passes {@code java} as a pointer. */
    static boolean isPointer(Class<?> java) {
        return java == Pointer.class || PointerType.class.isAssignableFrom(java)
                || (Structure.class.isAssignableFrom(java) && !Structure.ByValue.class.isAssignableFrom(java))
                || ByReference.class.isAssignableFrom(java) || java.isArray() || Buffer.class.isAssignableFrom(java)
                || java == String.class || java == WString.class || Callback.class.isAssignableFrom(java);
    }

    // ---------------------------------------------------------------- reflection on JNA

    static int integerSize(Class<?> java) {
        return (int) integerField(java, "size");
    }

    static boolean integerUnsigned(Class<?> java) {
        return (boolean) integerField(java, "unsigned");
    }

    private static Object integerField(Class<?> java, String name) {
        try {
            Field f = IntegerType.class.getDeclaredField(name);
            f.setAccessible(true); // com.sun.jna is an automatic module: all its packages are open
            return f.get(instance(java));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot inspect " + java.getName(), e);
        }
    }

    static Object instance(Class<?> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + type.getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> fieldOrder(Structure s) {
        return (List<String>) invoke(s, "getFieldOrder");
    }

    private static int alignType(Structure s) {
        try {
            Field f = Structure.class.getDeclaredField("alignType");
            f.setAccessible(true);
            return f.getInt(s);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(Structure s, String name) {
        for (Class<?> k = s.getClass(); k != null; k = k.getSuperclass()) {
            try {
                Method m = k.getDeclaredMethod(name);
                m.setAccessible(true); // protected JNA API; com.sun.jna is an automatic module (open)
                return m.invoke(s);
            } catch (NoSuchMethodException e) {
                // keep looking in the superclass
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no " + name + " in " + s.getClass());
    }

    private static Optional<String> ok() {
        return Optional.empty();
    }

    private static Optional<String> bad(String c, Class<?> java, String why) {
        return Optional.of("C " + c + " vs Java " + java.getSimpleName() + ": " + why);
    }
}
