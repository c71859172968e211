package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.W32APIFunctionMapper;
import com.sun.jna.win32.W32APITypeMapper;
import io.teardown.api.Win32Error;
import io.teardown.wininet.WinInet;
import io.teardown.wlan.WlanApi;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The native backend against the Windows x64 ABI its bindings claim, on every build and on any OS.
 * {@link AbiGolden} holds what the SDK headers say (generated from mingw-w64 by
 * backend-native/abi/generate.sh); this test finds by reflection every binding interface, callback
 * and structure of this package, and the
 * constants of the four facades, {@link Win32Error} and this package, and compares each with its
 * golden entry the way JNA would marshal it on Windows x64 ({@link Win64Abi}). A binding or constant
 * without a golden entry fails too, so new bindings are checked from the day they land. See
 * docs/native-backend.md ("The ABI check").
 */
class BindingAbiTest {
    private static final AbiGolden GOLDEN = AbiGolden.load();
    private static final String PACKAGE = BindingAbiTest.class.getPackageName();
    /** The facade interfaces whose constants the native backend passes to Windows. */
    private static final List<Class<?>> FACADES = List.of(io.teardown.kernel.Kernel32.class, Ws2_32.class,
            WinInet.class, WlanApi.class);

    // ---------------------------------------------------------------- what is bound

    /** A bound function: the Java method, the DLL its interface loads, where it is declared. */
    record Binding(Method method, String dll, String source) {
        String javaName() {
            return method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }
    }

    /** Every class of this package (main code), found on disk next to {@link Kernel32Library}. */
    static List<Class<?>> packageClasses() {
        try {
            Path root = Path.of(Kernel32Library.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = root.resolve(PACKAGE.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                List<Class<?>> out = new ArrayList<>();
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".class") && !name.equals("module-info.class")) {
                        out.add(Class.forName(PACKAGE + "." + name.substring(0, name.length() - 6), false,
                                Kernel32Library.class.getClassLoader()));
                    }
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JNA library interfaces of this package. */
    static List<Class<?>> libraries() {
        return packageClasses().stream().filter(c -> c.isInterface() && Library.class.isAssignableFrom(c)).toList();
    }

    static String dllOf(Class<?> library) {
        try {
            return (String) library.getField("DLL").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(library.getName() + " must declare String DLL (the DLL load() opens)", e);
        }
    }

    /** Every abstract method of this package's libraries. */
    static List<Binding> bindings() {
        List<Binding> out = new ArrayList<>();
        for (Class<?> library : libraries()) {
            for (Method m : library.getDeclaredMethods()) {
                if (Modifier.isAbstract(m.getModifiers())) {
                    out.add(new Binding(m, dllOf(library), sourceOf(library)));
                }
            }
        }
        out.sort(Comparator.comparing(Binding::javaName));
        return out;
    }

    /** Every callback interface of this package (nested in a library or not). */
    static List<Class<?>> callbacks() {
        return packageClasses().stream().filter(c -> c.isInterface() && Callback.class.isAssignableFrom(c)).toList();
    }

    /**
     * Every structure: this package's, those the bound functions take or return, and the structures
     * they contain.
     */
    static Set<Class<?>> structures() {
        Set<Class<?>> out = new LinkedHashSet<>();
        packageClasses().stream().filter(c -> Structure.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()))
                .forEach(c -> addStructure(c, out));
        for (Binding b : bindings()) {
            Stream.concat(Arrays.stream(b.method().getParameterTypes()), Stream.of(b.method().getReturnType()))
                    .filter(Structure.class::isAssignableFrom).forEach(c -> addStructure(c, out));
        }
        for (Class<?> cb : callbacks()) {
            Arrays.stream(callbackMethod(cb).getParameterTypes()).filter(Structure.class::isAssignableFrom)
                    .forEach(c -> addStructure(c, out));
        }
        return out;
    }

    private static void addStructure(Class<?> type, Set<Class<?>> out) {
        Class<?> c = type.isArray() ? type.getComponentType() : type;
        if (!Structure.class.isAssignableFrom(c) || !out.add(c)) {
            return;
        }
        Structure s = (Structure) Win64Abi.instance(c);
        for (String name : Win64Abi.fieldOrder(s)) {
            try {
                addStructure(c.getField(name).getType(), out);
            } catch (NoSuchFieldException e) {
                throw new AssertionError(c.getName() + " lists a field it lacks: " + name, e);
            }
        }
    }

    private static Method callbackMethod(Class<?> callback) {
        Method[] methods = callback.getDeclaredMethods();
        assertEquals(1, methods.length, callback + " must declare exactly one method (JNA's rule)");
        return methods[0];
    }

    /** The golden name of a structure: its simple name, or with {@code W} as the Unicode variant. */
    static String structName(Class<?> c) {
        String name = c.getSimpleName();
        return !GOLDEN.structs.containsKey(name) && GOLDEN.structs.containsKey(name + "W") ? name + "W" : name;
    }

    /**
     * The export JNA binds {@code name} to with {@link W32APIFunctionMapper#UNICODE}: {@code nameW}
     * when the DLL exports it, else {@code name} (the mapper asks the DLL; the golden file knows what it exports).
     */
    static String exportOf(String name) {
        if (!name.endsWith("W") && !name.endsWith("A") && GOLDEN.functions.containsKey(name + "W")) {
            return name + "W";
        }
        return name;
    }

    // ---------------------------------------------------------------- the checks

    @TestFactory
    Stream<DynamicTest> everyBoundFunctionMatchesTheHeaders() {
        return bindings().stream().map(b -> DynamicTest.dynamicTest(b.javaName(), () -> checkFunction(b)));
    }

    static List<String> functionProblems(Binding b) {
        String export = exportOf(b.method().getName());
        AbiGolden.Function f = GOLDEN.functions.get(export);
        if (f == null) {
            return List.of(b.source() + ": " + export + " is not in " + AbiGolden.PATH + ": " + AbiGolden.REGENERATE
                    + " (line: function " + b.method().getName() + ")");
        }
        List<String> problems = new ArrayList<>();
        if (!f.dlls().contains(b.dll())) {
            problems.add(b.source() + " loads " + b.dll() + ", but " + export + " is exported by " + f.dlls());
        }
        problems.addAll(signatureProblems(f, b.method()));
        return problems.stream().map(p -> p + " [" + AbiGolden.PATH + ":" + f.line() + "]").toList();
    }

    private static void checkFunction(Binding b) {
        List<String> problems = functionProblems(b);
        assertTrue(problems.isEmpty(), b.method() + ":\n  " + String.join("\n  ", problems));
    }

    private static List<String> signatureProblems(AbiGolden.Function f, Method m) {
        List<String> problems = new ArrayList<>();
        Class<?>[] types = m.getParameterTypes();
        if (types.length != f.params().size()) {
            problems.add(types.length + " Java parameters, C has " + f.params().size() + ": " + f);
            return problems;
        }
        for (int i = 0; i < types.length; i++) {
            int index = i;
            Win64Abi.mismatch(f.params().get(i), types[i], BindingAbiTest::structName)
                    .ifPresent(why -> problems.add("parameter " + index + ": " + why));
        }
        Win64Abi.mismatch(f.returns(), m.getReturnType(), BindingAbiTest::structName)
                .ifPresent(why -> problems.add("return: " + why));
        return problems;
    }

    @TestFactory
    Stream<DynamicTest> everyCallbackMatchesItsTypedef() {
        return callbacks().stream().map(cb -> DynamicTest.dynamicTest(cb.getSimpleName(), () -> {
            AbiGolden.Function f = GOLDEN.callbacks.get(cb.getSimpleName());
            if (f == null) {
                fail(sourceOf(cb) + ": callback " + cb.getSimpleName() + " is not in "
                        + AbiGolden.PATH + ": " + AbiGolden.REGENERATE + " (line: callback " + cb.getSimpleName() + " <C typedef>)");
            }
            List<String> problems = signatureProblems(f, callbackMethod(cb));
            assertTrue(problems.isEmpty(), cb.getName() + " [" + AbiGolden.PATH + ":" + f.line() + "]:\n  "
                    + String.join("\n  ", problems));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyStructureHasTheWin64LayoutOfTheHeaders() {
        return structures().stream().map(c -> DynamicTest.dynamicTest(c.getSimpleName(), () -> {
            List<String> problems = structureProblems((Structure) Win64Abi.instance(c));
            assertTrue(problems.isEmpty(), c.getName() + ":\n  " + String.join("\n  ", problems));
        }));
    }

    static List<String> structureProblems(Structure s) {
        Class<?> c = s.getClass();
        String where = c.getPackageName().equals(PACKAGE) ? sourceOf(c) : "jna-platform's " + c.getName();
        AbiGolden.Struct g = GOLDEN.structs.get(structName(c));
        if (g == null) {
            return List.of(where + ": struct " + structName(c) + " is not in " + AbiGolden.PATH + ": "
                    + AbiGolden.REGENERATE + " (line: struct " + structName(c) + " <members>)");
        }
        List<String> problems = new ArrayList<>();
        Map<String, AbiGolden.Field> byJava = new LinkedHashMap<>();
        g.fields().forEach(f -> byJava.put(f.javaName(), f));
        for (Win64Abi.Member m : Win64Abi.members(s)) {
            AbiGolden.Field f = byJava.remove(m.name());
            if (f == null) {
                problems.add(where + ": field " + m.name() + " is not a member of " + g.name() + " in "
                        + AbiGolden.PATH + ":" + g.line());
            } else if (f.offset() != m.offset() || f.size() != m.size()) {
                problems.add(where + ": " + m.name() + " at offset " + m.offset() + ", " + m.size() + " bytes; the "
                        + "header has offset " + f.offset() + ", " + f.size() + " bytes [" + AbiGolden.PATH + ":" + f.line() + "]");
            }
        }
        byJava.values().forEach(f -> problems.add(where + ": has no field for " + g.name() + "." + f.member()
                + " [" + AbiGolden.PATH + ":" + f.line() + "]"));
        Win64Abi.Layout layout = Win64Abi.layout(s);
        if (layout.size() != g.size()) {
            problems.add(where + ": " + layout.size() + " bytes on Win64; the header has " + g.size()
                    + " [" + AbiGolden.PATH + ":" + g.line() + "]");
        }
        return problems;
    }

    /** A named constant and where it is declared. */
    record JavaConstant(String name, long value, int bits, String source) {
    }

    /** The facades' constants, {@link Win32Error}'s codes, and this package's public numeric constants. */
    static List<JavaConstant> constants() {
        List<JavaConstant> out = new ArrayList<>();
        for (Class<?> facade : FACADES) {
            numericConstants(facade, out);
        }
        for (Win32Error e : Win32Error.values()) {
            out.add(new JavaConstant(e.name(), e.code(), 32, sourceOf(Win32Error.class)));
        }
        packageClasses().forEach(c -> numericConstants(c, out));
        return out;
    }

    private static void numericConstants(Class<?> c, List<JavaConstant> out) {
        for (Field f : c.getDeclaredFields()) {
            int mod = f.getModifiers();
            Class<?> t = f.getType();
            boolean numeric = t == int.class || t == long.class || t == short.class || t == byte.class;
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && Modifier.isPublic(mod) && numeric
                    && !f.getName().equals("serialVersionUID") && (c.isInterface() || Modifier.isPublic(c.getModifiers()))) {
                try {
                    out.add(new JavaConstant(f.getName(), ((Number) f.get(null)).longValue(),
                            t == long.class ? 64 : t == int.class ? 32 : t == short.class ? 16 : 8, sourceOf(c)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConstantHasTheHeadersValue() {
        return constants().stream().map(k -> DynamicTest.dynamicTest(k.name() + " (" + k.source() + ")",
                () -> constantProblem(k).ifPresent(p -> fail(p))));
    }

    /** Why {@code k} differs from the headers, or empty. The Java field is read as the C type would be. */
    static Optional<String> constantProblem(JavaConstant k) {
        AbiGolden.Constant g = GOLDEN.constants.get(k.name());
        if (g == null) {
            return Optional.of(k.source() + ": " + k.name() + " is not in " + AbiGolden.PATH + ": "
                    + AbiGolden.REGENERATE + " (line: constant " + k.name() + ")");
        }
        long mask = k.bits() == 64 ? -1L : (1L << k.bits()) - 1;
        boolean fits = k.bits() == 64 || (g.value() >= -(1L << (k.bits() - 1)) && g.value() <= mask);
        boolean same = k.value() == g.value() || (fits && (k.value() & mask) == (g.value() & mask));
        return same ? Optional.empty() : Optional.of(k.source() + lineOf(k) + ": " + k.name() + " = " + k.value()
                + ", the header says " + g.value() + " (0x" + Long.toHexString(g.value()) + ") [" + AbiGolden.PATH
                + ":" + g.line() + "]");
    }

    /**
     * Every {@code GUID} a facade defines (the extension functions' {@code WSAID_*}, which the native
     * backend sends to {@code WSAIoctl}) has the bytes the headers lay out, and the golden file's GUIDs
     * are all defined.
     */
    @TestFactory
    Stream<DynamicTest> everyGuidHasTheHeadersBytes() {
        Map<String, String> defined = new LinkedHashMap<>();
        for (Class<?> facade : FACADES) {
            for (Field f : facade.getFields()) {
                if (f.getType() == io.teardown.winsock.GUID.class && Modifier.isStatic(f.getModifiers())) {
                    try {
                        defined.put(f.getName(), java.util.HexFormat.of().formatHex(((io.teardown.winsock.GUID) f.get(null)).bytes()));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        assertEquals(GOLDEN.guids.keySet(), defined.keySet(), "the GUIDs of " + AbiGolden.PATH + " and of the facades");
        return defined.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertEquals(GOLDEN.guids.get(e.getKey()), e.getValue(), e.getKey() + " in memory")));
    }

    // ---------------------------------------------------------------- the check itself is checked

    @Test
    void bindingsAreLoadedWithTheUnicodeOptionsWhatever_w32_ascii_says() {
        assertEquals(W32APIFunctionMapper.UNICODE, WindowsOnly.OPTIONS.get(Library.OPTION_FUNCTION_MAPPER));
        assertEquals(W32APITypeMapper.UNICODE, WindowsOnly.OPTIONS.get(Library.OPTION_TYPE_MAPPER));
    }

    @Test
    void compareObjectHandlesIsBoundOnKernelBaseAsTheImportLibrariesSay() {
        assertEquals(Set.of("kernelbase"), GOLDEN.functions.get("CompareObjectHandles").dlls());
        assertTrue(bindings().stream().anyMatch(b -> b.method().getName().equals("CompareObjectHandles")
                && b.dll().equals("kernelbase")));
    }

    @Test
    void theCheckFindsEveryKindOfBinding() {
        assertTrue(libraries().containsAll(List.of(Kernel32Library.class, KernelBaseLibrary.class, Advapi32Library.class,
                Ktmw32Library.class, Ws2_32Library.class, WinInetLibrary.class, WlanApiLibrary.class)));
        assertTrue(callbacks().size() >= 3);
        assertTrue(structures().containsAll(List.of(WSADATA.class, com.sun.jna.platform.win32.WinBase.OVERLAPPED.class,
                com.sun.jna.platform.win32.WinBase.STARTUPINFO.class, com.sun.jna.platform.win32.Guid.GUID.class)));
        assertTrue(constants().size() > 380, "facades, Win32Error and bindings");
    }

    @Test
    void theCheckRejectsWhatTheIssueFound() throws NoSuchMethodException {
        // jna-platform's RegQueryValueEx: lpReserved as int, the header says LPDWORD (8 bytes)
        Method narrow = Advapi32.class.getMethod("RegQueryValueEx", com.sun.jna.platform.win32.WinReg.HKEY.class,
                String.class, int.class, com.sun.jna.ptr.IntByReference.class, com.sun.jna.Pointer.class,
                com.sun.jna.ptr.IntByReference.class);
        assertFalse(functionProblems(new Binding(narrow, "advapi32", "test")).isEmpty());
        // jna-platform's MapViewOfFile: SIZE_T as int, so Kernel32Library binds it again (this says when
        // jna-platform fixes it)
        Method map = Kernel32.class.getMethod("MapViewOfFile", WinNT.HANDLE.class, int.class, int.class, int.class,
                int.class);
        assertFalse(functionProblems(new Binding(map, "kernel32", "test")).isEmpty());
        // CompareObjectHandles on kernel32
        Method compare = KernelBaseLibrary.class.getMethod("CompareObjectHandles", WinNT.HANDLE.class, WinNT.HANDLE.class);
        assertFalse(functionProblems(new Binding(compare, "kernel32", "test")).isEmpty());
        // HTTP_QUERY_CUSTOM = 65 and INTERNET_HANDLE_TYPE_CONNECT_HTTP = 3
        assertTrue(constantProblem(new JavaConstant("HTTP_QUERY_CUSTOM", 65, 32, "test")).isPresent());
        assertTrue(constantProblem(new JavaConstant("INTERNET_HANDLE_TYPE_CONNECT_HTTP", 3, 32, "test")).isPresent());
        // an unsigned header value read back from a Java int is fine; a truncated one is not
        assertTrue(constantProblem(new JavaConstant("INFINITE", -1, 32, "test")).isEmpty());
        assertTrue(constantProblem(new JavaConstant("INFINITE", -1, 64, "test")).isPresent());
        assertTrue(constantProblem(new JavaConstant("HTTP_QUERY_CUSTOM", -1, 8, "test")).isPresent());
        assertTrue(constantProblem(new JavaConstant("NOT_A_WINDOWS_NAME", 1, 32, "test")).isPresent());
    }

    @Test
    void theArgumentCheckRejectsCommonMistakes() {
        assertAll(
                () -> assertTrue(Win64Abi.mismatch("uptr", long.class, BindingAbiTest::structName).isPresent(), "SOCKET as long"),
                () -> assertTrue(Win64Abi.mismatch("uptr", int.class, BindingAbiTest::structName).isPresent(), "SOCKET as int"),
                () -> assertTrue(Win64Abi.mismatch("uptr", BaseTSD.LONG_PTR.class, BindingAbiTest::structName).isPresent(), "signed"),
                () -> assertTrue(Win64Abi.mismatch("i4", com.sun.jna.NativeLong.class, BindingAbiTest::structName).isPresent()),
                () -> assertTrue(Win64Abi.mismatch("i4", long.class, BindingAbiTest::structName).isPresent(), "Windows long is 32-bit"),
                () -> assertTrue(Win64Abi.mismatch("u2", int.class, BindingAbiTest::structName).isPresent(), "WORD as int"),
                () -> assertTrue(Win64Abi.mismatch("u4", boolean.class, BindingAbiTest::structName).isPresent(), "boolean only for BOOL"),
                () -> assertTrue(Win64Abi.mismatch("ptr>u4", com.sun.jna.ptr.LongByReference.class, BindingAbiTest::structName).isPresent()),
                () -> assertTrue(Win64Abi.mismatch("ptr>u4", WinNT.HANDLE.class, BindingAbiTest::structName).isPresent()),
                () -> assertTrue(Win64Abi.mismatch("ptr>struct:WSADATA", WSANETWORKEVENTS.class, BindingAbiTest::structName).isPresent()),
                () -> assertTrue(Win64Abi.mismatch("ptr>fn", com.sun.jna.ptr.IntByReference.class, BindingAbiTest::structName).isPresent()),
                () -> assertTrue(Win64Abi.mismatch("void", int.class, BindingAbiTest::structName).isPresent()),
                () -> assertTrue(Win64Abi.mismatch("uptr", SOCKET.class, BindingAbiTest::structName).isEmpty()),
                () -> assertTrue(Win64Abi.mismatch("ptr>u2", String.class, BindingAbiTest::structName).isEmpty()));
    }

    /** winsock.h's linger with {@code l_onoff} as an int (the header says u_short): l_linger moves to 4. */
    @Structure.FieldOrder({"l_onoff", "l_linger"})
    public static final class linger extends Structure {
        public int l_onoff;
        public short l_linger;
    }

    @Test
    void theLayoutCheckRejectsAMovedMember() {
        assertEquals(3, structureProblems(new linger()).size(), "l_onoff is 4 bytes, l_linger at 4, size 8");
        assertTrue(structureProblems(new io.teardown.backend.windows.jna.linger()).isEmpty());
    }

    // ---------------------------------------------------------------- where to fix

    /** The repository path of the source file declaring {@code c} (from its class-path location). */
    static String sourceOf(Class<?> c) {
        Class<?> top = c;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        try {
            Path classes = Path.of(top.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path module = classes.getParent().getParent(); // <module>/target/classes
            Path file = module.resolve("src/main/java").resolve(top.getName().replace('.', '/') + ".java");
            Path repo = module.getParent();
            return Files.exists(file) ? repo.relativize(file).toString() : top.getName();
        } catch (URISyntaxException | RuntimeException e) {
            return top.getName();
        }
    }

    private static String lineOf(JavaConstant k) {
        try {
            Path repo = Path.of(BindingAbiTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent().getParent().getParent();
            List<String> lines = Files.readAllLines(repo.resolve(k.source()));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(".*\\b" + k.name() + "\\b\\s*[=(].*")) {
                    return ":" + (i + 1);
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // the source is not next to the classes: name the file only
        }
        return "";
    }
}
