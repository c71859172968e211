#!/usr/bin/env python3
"""Writes the Windows x64 ABI golden file of the native backend from the mingw-w64 headers.

Nothing here runs on Windows: every value is computed by the cross-compiler while it compiles a
probe to assembly (-S). A probe statement

    __asm__ volatile ("\\n#ABI key %c0" :: "i"(value));

makes GCC print the compile-time constant `value` into the assembly text, where this script reads
it (the Linux kernel's asm-offsets trick). See README.md for what is probed and how.

Inputs (all in this folder): probe.h (the headers), abi.list (what to probe), supplement.txt (what
mingw-w64 lacks, each entry citing the Windows SDK header). Output: the golden file named by
GOLDEN below. The output depends only on those inputs and the compiler, so it regenerates byte for
byte.
"""
import codecs
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(HERE)
GOLDEN = os.path.join(MODULE, "src/test/resources/io/teardown/backend/windows/jna/windows-x64-abi.txt")
CC = os.environ.get("MINGW_CC", "x86_64-w64-mingw32-gcc")
NM = os.environ.get("MINGW_NM", "x86_64-w64-mingw32-nm")
LIBDIR = os.environ.get("MINGW_LIBDIR", "/usr/x86_64-w64-mingw32/lib")
# Import libraries searched for exports, in this order; mincore last (it lists API-set contracts
# such as api-ms-win-core-handle-l1-1-0, which supplement.txt maps to the DLL that implements them).
IMPORT_LIBS = ["kernel32", "advapi32", "ktmw32", "ws2_32", "mswsock", "wininet", "wlanapi", "ntdll"]
APISET_LIB = "mincore"

# __builtin_classify_type results (gcc/typeclass.h)
VOID, INTEGER, CHAR, ENUM, BOOLEAN, POINTER, REAL, RECORD, UNION = 0, 1, 2, 3, 4, 5, 8, 12, 13
INTEGRAL = (INTEGER, CHAR, ENUM, BOOLEAN)


def fail(message):
    sys.stderr.write("generate.py: " + message + "\n")
    sys.exit(1)


def read_lines(name):
    """Non-comment lines of an input file, without the trailing '# ...' comment."""
    out = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            text = raw.split("#", 1)[0].strip()
            comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
            if text:
                out.append((number, text.split(), comment))
    return out


def manifest():
    functions, callbacks, structs, constants, guids = [], [], [], [], []
    for number, words, _ in read_lines("abi.list"):
        kind, args = words[0], words[1:]
        if kind == "function" and len(args) == 1:
            functions.append(args[0])
        elif kind == "callback" and len(args) == 2:
            callbacks.append((args[0], args[1]))
        elif kind == "struct" and len(args) >= 2:
            structs.append((args[0], [tuple((m + "=" + m).split("=")[:2]) for m in args[1:]]))
        elif kind == "constant" and len(args) == 1:
            constants.append(args[0])
        elif kind == "guid" and len(args) == 1:
            guids.append(args[0])
        else:
            fail("abi.list:%d: cannot read %r" % (number, " ".join(words)))
    return functions, callbacks, structs, constants, guids


def guid_bytes(names):
    """The 16 bytes of each GUID macro as the compiler lays the GUID out in memory (Windows' layout)."""
    if not names:
        return {}
    body = "".join("const GUID abi_guid_%s = %s;\n" % (n, n) for n in names)
    asm, errors, ok = compile_probe(body, must_pass=True)
    sizes = {".byte": 1, ".word": 2, ".short": 2, ".value": 2, ".long": 4, ".quad": 8}
    out, current = {}, None
    for line in asm.splitlines():
        label = re.match(r"abi_guid_(\w+):\s*$", line)
        if label:
            current = label.group(1)
            out[current] = b""
            continue
        if current is None or len(out[current]) >= 16:
            continue
        directive = line.split(None, 1)
        if not directive or not directive[0].startswith("."):
            continue
        op, arg = directive[0], directive[1].strip() if len(directive) > 1 else ""
        if op in sizes:
            for value in arg.split(","):
                out[current] += (int(value, 0) & ((1 << (8 * sizes[op])) - 1)).to_bytes(sizes[op], "little")
        elif op == ".ascii":
            out[current] += codecs.escape_decode(arg[1:-1].encode("latin-1"))[0]
        elif op in (".zero", ".space"):
            out[current] += bytes(int(arg, 0))
    for n in names:
        if len(out.get(n, b"")) != 16:
            fail("could not read the 16 bytes of GUID " + n + " from the assembly")
    return {n: out[n].hex() for n in names}


def supplement():
    constants, apisets, arrays = {}, {}, {}
    for number, words, comment in read_lines("supplement.txt"):
        if not comment:
            fail("supplement.txt:%d: every entry needs its SDK header citation after '#'" % number)
        if words[0] == "constant" and len(words) == 3:
            constants[words[1]] = (int(words[2], 0), comment)
        elif words[0] == "apiset" and len(words) == 3:
            apisets[words[1]] = (words[2], comment)
        elif words[0] == "array" and len(words) == 3:
            arrays[words[1]] = int(words[2])
        else:
            fail("supplement.txt:%d: cannot read %r" % (number, " ".join(words)))
    return constants, apisets, arrays


def compile_probe(body, m32=False, aux=None, must_pass=True):
    """Compiles probe.h + body to assembly; returns (assembly, stderr, ok)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "probe.c")
        with open(source, "w", encoding="utf-8") as f:
            f.write('#include "%s"\n' % os.path.join(HERE, "probe.h"))
            f.write(body)
        cmd = [CC, "-S", "-O0", "-w", "-o", "-", source]
        if m32:
            cmd.insert(1, "-m32")
        if aux is not None:
            cmd[1:1] = ["-aux-info", os.path.join(tmp, "aux.txt")]
        r = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        if aux is not None and r.returncode == 0:
            with open(os.path.join(tmp, "aux.txt"), encoding="utf-8") as f:
                aux.extend(f.read().splitlines())
        if must_pass and r.returncode != 0:
            fail("the probe does not compile:\n" + r.stderr)
        return r.stdout, r.stderr, r.returncode == 0


def probe_values(statements, m32=False, prelude=""):
    """Compiles '#ABI key' statements (key, [C constant expressions]) and returns key -> [ints]."""
    body = prelude + "void abi_probe(void) {\n"
    for key, values in statements:
        # each value as two 32-bit halves: x86-64 immediates are sign-extended 32-bit numbers
        operands = " ".join("%%c%d" % i for i in range(2 * len(values)))
        halves = []
        for v in values:
            halves.append('"i"((int)(unsigned)((unsigned long long)(long long)(%s) >> 32))' % v)
            halves.append('"i"((int)(unsigned)(unsigned long long)(long long)(%s))' % v)
        body += '  __asm__ volatile ("\\n#ABI %s %s" :: %s);\n' % (key, operands, ", ".join(halves))
    asm, errors, ok = compile_probe(body + "}\n", m32=m32, must_pass=False)
    if not ok:
        undeclared = sorted(set(re.findall(r"'(\w+)' undeclared", errors)))
        if undeclared:
            fail("the mingw-w64 headers do not define " + ", ".join(undeclared) + " (directly or in a macro)"
                 + ": add each to supplement.txt with its Windows SDK header, or drop it from abi.list")
        fail("the probe does not compile:\n" + errors)
    out = {}
    for line in asm.splitlines():
        m = re.match(r"\s*#ABI (\S+)((?: -?\d+)*)\s*$", line)
        if m:
            words = [int(x) & 0xFFFFFFFF for x in m.group(2).split()]
            joined = [(words[i] << 32) | words[i + 1] for i in range(0, len(words), 2)]
            out[m.group(1)] = [v - (1 << 64) if v >= 1 << 63 else v for v in joined]
    missing = [k for k, _ in statements if k not in out]
    if missing:
        fail("no value printed for " + ", ".join(missing))
    return out


def split_params(text):
    """Splits a parameter list at top-level commas (function pointer types nest parentheses)."""
    params, depth, current = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            params.append(current.strip())
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    if current.strip():
        params.append(current.strip())
    return [] if params == ["void"] else params


def prototypes(functions, callbacks, exported):
    """C prototypes as the compiler declares them (-aux-info), with typedef names as written.

    A function is looked up as JNA's W32APIFunctionMapper.UNICODE finds it: NAME + "W" when a DLL
    exports that, else NAME. The result is keyed by the export name."""
    decls = "".join("extern __typeof__(*(%s)0) abi_callback_%s;\n" % (c, j) for j, c in callbacks)
    aux = []
    compile_probe(decls, aux=aux)
    found = {}
    for line in aux:
        m = re.match(r"/\* (\S+):(\d+):\w+ \*/ extern (.+?) ?\b(\w+) \((.*)\);$", line)
        if m:
            found[m.group(4)] = (m.group(3).strip(), split_params(m.group(5)),
                                 os.path.basename(m.group(1)))
    protos = {}
    for name in functions:
        wide = name + "W"
        export = wide if not name.endswith(("W", "A")) and exported(wide) else name
        if export not in found:
            fail("abi.list names %s, which the mingw-w64 headers do not declare" % export)
        protos[export] = found[export]
    for java, c in callbacks:
        protos["callback:" + java] = found["abi_callback_" + java][:2] + (c,)
    return protos


def describe_types(types, structs):
    """C type text -> descriptor (see README.md), computed by the compiler for Win64 and Win32."""
    types = sorted(types)
    index = {t: i for i, t in enumerate(types)}
    typedefs = "".join("typedef %s abi_t%d;\n" % (t, i) for t, i in index.items() if t != "void")
    info = {}

    def run(statements, m32=False):
        return probe_values(statements, m32=m32, prelude=typedefs)

    nonvoid = [t for t in types if t != "void"]
    first = [("t%d" % index[t], ["sizeof(abi_t%d)" % index[t], "__builtin_classify_type(*(abi_t%d*)0)" % index[t]])
             for t in nonvoid]
    w64, w32 = run(first), run(first, m32=True)
    pointers = [t for t in nonvoid if w64["t%d" % index[t]][1] == POINTER]
    nv = "__typeof__(__builtin_choose_expr(__builtin_types_compatible_p(__typeof__(*(abi_t{0})0), void), (char*)0, (abi_t{0})0))"
    second = []
    for t in pointers:
        i = index[t]
        p = nv.format(i)
        second.append(("p%d" % i, ["__builtin_types_compatible_p(__typeof__(*(abi_t%d)0), void)" % i,
                                   "sizeof(*(%s)0)" % p, "__builtin_classify_type(*(%s)0)" % p]))
        for s in structs:
            second.append(("s%d_%s" % (i, s), ["__builtin_types_compatible_p(__typeof__(*(%s)0), %s)" % (p, s)]))
    p64, p32 = run(second), run(second, m32=True)
    third = []
    for t in nonvoid:
        i = index[t]
        if w64["t%d" % i][1] in INTEGRAL:
            third.append(("u%d" % i, ["((abi_t%d)-1 > 0)" % i]))
        if t in pointers and not p64["p%d" % i][0] and p64["p%d" % i][2] in INTEGRAL:
            third.append(("q%d" % i, ["((__typeof__(*(abi_t%d)0))-1 > 0)" % i]))
    signs = run(third)

    def scalar(size64, size32, cls, unsigned):
        if cls in INTEGRAL:
            sign = "u" if unsigned else "i"
            return sign + ("ptr" if size64 != size32 else str(size64))
        if cls == REAL:
            return "f%d" % size64
        if cls == RECORD:
            return "struct(%d)" % size64
        if cls == UNION:
            return "union(%d)" % size64
        fail("unexpected type class %d" % cls)

    for t in types:
        if t == "void":
            info[t] = "void"
            continue
        i = index[t]
        size64, cls = w64["t%d" % i]
        size32 = w32["t%d" % i][0]
        if cls != POINTER:
            info[t] = scalar(size64, size32, cls, signs.get("u%d" % i, [0])[0])
            continue
        isvoid, psize64, pcls = p64["p%d" % i]
        psize32 = p32["p%d" % i][1]
        named = [s for s in structs if p64["s%d_%s" % (i, s)][0]]
        if isvoid:
            pointee = "void"
        elif pcls == POINTER:
            pointee = "fn" if psize64 == 1 else "ptr"  # GNU C: sizeof of a function type is 1
        elif named:
            pointee = "struct:" + named[0]
        else:
            pointee = scalar(psize64, psize32, pcls, signs.get("q%d" % i, [0])[0])
        info[t] = "ptr>" + pointee
    return info


def exports():
    """Export name -> DLLs that export it, from the import libraries (member names carry the DLL)."""
    table = {}

    def scan(lib):
        path = os.path.join(LIBDIR, "lib%s.a" % lib)
        r = subprocess.run([NM, "-A", path], capture_output=True, text=True)
        if r.returncode != 0:
            fail("cannot read %s: %s" % (path, r.stderr))
        found = {}
        for line in r.stdout.splitlines():
            m = re.match(r".*:lib(.+?)s\d+\.o:\s*0+ I __imp_(\w+)$", line)
            if m:
                found.setdefault(m.group(2), set()).add(m.group(1).lower())
        return found

    for lib in IMPORT_LIBS:
        for name, dlls in scan(lib).items():
            table.setdefault(name, set()).update(dlls)
    apisets = {}

    def contracts(name):
        """API-set contracts exporting name (mincore is large: read only when a name needs it)."""
        if not apisets:
            apisets.update(scan(APISET_LIB))
        return apisets.get(name, set())
    return table, contracts


def main():
    functions, callbacks, structs, constants, guids = manifest()
    extra_constants, apiset_dlls, arrays = supplement()
    table, apisets = exports()
    protos = prototypes(functions, callbacks, lambda name: name in table or bool(apisets(name)))
    types = set()
    for ret, params, _ in protos.values():
        types.add(ret)
        types.update(params)
    desc = describe_types(types, [s for s, _ in structs])

    statements = []
    for s, members in structs:
        statements.append(("struct:" + s, ["sizeof(%s)" % s, "_Alignof(%s)" % s]))
        for m, _ in members:
            # a flexible array member the SDK declares with a length (supplement.txt 'array')
            count = arrays.get("%s.%s" % (s, m))
            width = ("%d * sizeof(((%s*)0)->%s[0])" % (count, s, m)) if count else "sizeof(((%s*)0)->%s)" % (s, m)
            statements.append(("field:%s.%s" % (s, m), ["__builtin_offsetof(%s, %s)" % (s, m), width]))
    from_headers = [c for c in constants if c not in extra_constants]
    statements += [("constant:" + c, [c]) for c in from_headers]
    values = probe_values(statements)

    lines = [
        "# Windows x64 ABI of the native backend's bindings: GENERATED, do not edit.",
        "# Regenerate with backend-native/abi/generate.sh (needs x86_64-w64-mingw32-gcc); see",
        "# backend-native/abi/README.md. Inputs: abi.list (what), probe.h (headers), supplement.txt.",
        "# Compiler: " + subprocess.run([CC, "--version"], capture_output=True, text=True).stdout.splitlines()[0],
        "#",
        "# constant NAME VALUE                  value as the C expression evaluates (64-bit)",
        "# struct NAME size N align A           then: field NAME.member OFFSET SIZE [java=FIELD]",
        "# function DLL EXPORT RET (P1, ...)    DLLs joined by '|'; types: iN/uN integer of N bytes,",
        "# callback NAME RET (P1, ...)          iptr/uptr pointer-sized, ptr>T pointer to T (void, fn,",
        "#                                      ptr, struct:NAME, iN, ...), struct(N)/union(N) by value",
        "# guid NAME HEX                        the 16 bytes of a GUID in memory (Data1..3 little-endian)",
    ]
    for c in sorted(constants):
        if c in extra_constants:
            value, cite = extra_constants[c]
            lines.append("constant %s %d  # supplement: %s" % (c, value, cite))
        else:
            lines.append("constant %s %d" % (c, values["constant:" + c][0]))
    for s, members in sorted(structs):
        size, align = values["struct:" + s]
        for m, _ in members:
            end = sum(values["field:%s.%s" % (s, m)])
            size = max(size, (end + align - 1) // align * align)
        lines.append("struct %s size %d align %d" % (s, size, align))
        fields = sorted(members, key=lambda m: (values["field:%s.%s" % (s, m[0])][0], members.index(m)))
        for m, java in fields:
            offset, width = values["field:%s.%s" % (s, m)]
            alias = "" if java == m else " java=" + java
            lines.append("field %s.%s %d %d%s" % (s, m, offset, width, alias))
    for name in sorted(n for n in protos if not n.startswith("callback:")):
        ret, params, header = protos[name]
        dlls = table.get(name)
        if not dlls:
            contracts = apisets(name)
            dlls = set()
            for contract in contracts:
                if contract not in apiset_dlls:
                    fail("%s is exported by API set %s only: map it to its DLL in supplement.txt" % (name, contract))
                dlls.add(apiset_dlls[contract][0])
            if not dlls:
                fail("no import library exports " + name)
        lines.append("function %s %s %s (%s)  # %s: %s %s(%s)" % (
            "|".join(sorted(dlls)), name, desc[ret], ", ".join(desc[p] for p in params),
            header, ret, name, ", ".join(params)))
    for java, c in sorted(callbacks):
        ret, params, _ = protos["callback:" + java]
        lines.append("callback %s %s (%s)  # %s: %s (%s)" % (
            java, desc[ret], ", ".join(desc[p] for p in params), c, ret, ", ".join(params)))
    for name, hexbytes in sorted(guid_bytes(guids).items()):
        lines.append("guid %s %s" % (name, hexbytes))
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s (%d constants, %d structures, %d functions, %d callbacks, %d GUIDs)" % (
        os.path.relpath(GOLDEN, os.path.dirname(MODULE)), len(constants), len(structs), len(functions),
        len(callbacks), len(guids)))


if __name__ == "__main__":
    main()
