package io.teardown.backend.windows.jna;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Windows x64 ABI golden file ({@code windows-x64-abi.txt}), which backend-native/abi/generate.sh
 * writes from the mingw-w64 headers. Every entry keeps its line number, so a failure can name the
 * line to look at.
 */
final class AbiGolden {
    /** Where the file lives in the repository, for messages. */
    static final String PATH = "backend-native/src/test/resources/io/teardown/backend/windows/jna/windows-x64-abi.txt";
    /** How to regenerate it, for messages. */
    static final String REGENERATE = "add it to backend-native/abi/abi.list (or supplement.txt) and run "
            + "backend-native/abi/generate.sh";

    /** {@code constant NAME VALUE}. */
    record Constant(String name, long value, int line) {
    }

    /** {@code field STRUCT.member OFFSET SIZE [java=FIELD]}. */
    record Field(String member, String javaName, int offset, int size, int line) {
    }

    /** {@code struct NAME size N align A} and its fields. */
    record Struct(String name, int size, int align, List<Field> fields, int line) {
    }

    /** {@code function DLLS EXPORT RET (PARAMS)} or {@code callback NAME RET (PARAMS)}. */
    record Function(String name, Set<String> dlls, String returns, List<String> params, int line) {
        @Override
        public String toString() {
            return name + " " + returns + " (" + String.join(", ", params) + ") [" + PATH + ":" + line + "]";
        }
    }

    final Map<String, Constant> constants = new LinkedHashMap<>();
    final Map<String, Struct> structs = new LinkedHashMap<>();
    final Map<String, Function> functions = new LinkedHashMap<>();
    final Map<String, Function> callbacks = new LinkedHashMap<>();
    /** {@code guid NAME HEX}: the GUID's 16 bytes in memory, in hex. */
    final Map<String, String> guids = new LinkedHashMap<>();

    private AbiGolden() {
    }

    /** Reads the golden file from the test class path. */
    static AbiGolden load() {
        try (InputStream in = AbiGolden.class.getResourceAsStream("windows-x64-abi.txt")) {
            if (in == null) {
                throw new IllegalStateException(PATH + " is missing: run backend-native/abi/generate.sh");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            AbiGolden golden = new AbiGolden();
            String raw;
            int line = 0;
            while ((raw = reader.readLine()) != null) {
                line++;
                String text = raw.contains("  #") ? raw.substring(0, raw.indexOf("  #")) : raw;
                if (!text.isBlank() && !text.startsWith("#")) {
                    golden.parse(text.strip(), line);
                }
            }
            return golden;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void parse(String text, int line) {
        String[] w = text.split(" ", 4);
        switch (w[0]) {
            case "constant" -> constants.put(w[1], new Constant(w[1], Long.parseLong(w[2]), line));
            case "struct" -> structs.put(w[1], new Struct(w[1], Integer.parseInt(text.split(" ")[3]),
                    Integer.parseInt(text.split(" ")[5]), new ArrayList<>(), line));
            case "field" -> {
                String[] f = text.split(" ");
                String struct = f[1].substring(0, f[1].indexOf('.'));
                String member = f[1].substring(f[1].indexOf('.') + 1);
                String java = f.length > 4 ? f[4].substring("java=".length()) : member;
                structs.get(struct).fields().add(new Field(member, java, Integer.parseInt(f[2]), Integer.parseInt(f[3]), line));
            }
            case "function" -> {
                String[] rest = text.split(" ", 5);
                functions.put(rest[2], new Function(rest[2], Set.of(rest[1].split("\\|")), rest[3], params(rest[4]), line));
            }
            case "callback" -> {
                String[] rest = text.split(" ", 4);
                callbacks.put(rest[1], new Function(rest[1], Set.of(), rest[2], params(rest[3]), line));
            }
            case "guid" -> guids.put(w[1], w[2]);
            default -> throw new IllegalStateException(PATH + ":" + line + ": cannot read " + text);
        }
    }

    private static List<String> params(String list) {
        String inner = list.substring(list.indexOf('(') + 1, list.lastIndexOf(')')).strip();
        return inner.isEmpty() ? List.of() : Arrays.stream(inner.split(", ")).toList();
    }
}
