package io.teardown.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Launches the packaged {@code teardown} command line the way users do — on the real module path with
 * {@code java -p … -m …} (not surefire's patched one, which adds every module and hides a missing
 * {@code requires}) and on a plain class path — and checks the module graph of the jars themselves.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = TimeUnit.MINUTES)
class LaunchIT {
    private static final Path MODULES = Path.of(System.getProperty("teardown.modules", "target/modules"));
    private static final boolean LINUX_X64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
            && System.getProperty("os.arch").matches("amd64|x86_64");

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "launch timed out");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void modulePathLaunchChoosesNettyWithEpollOnLinux() throws Exception {
        String out = run(List.of(java(), "-p", MODULES.toString(), "-m",
                "io.teardown.examples/io.teardown.examples.Teardown", "backends"));
        for (String subsystem : List.of("kernel", "winsock", "wininet", "wlan")) {
            assertTrue(out.contains(subsystem + ":"), out);
        }
        assertEquals(4, count(out, "chosen: netty"), out);
        assertTrue(out.contains("io.teardown.backend.netty/io.teardown.backend.netty.NettyWinsockProvider"), out);
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertEquals(4, count(out, "unsupported - native backend: requires Windows (running on"), out);
        }
        if (LINUX_X64) {
            assertTrue(out.contains("[transport: epoll]"), "epoll must be loaded on the real module path:\n" + out);
        }
    }

    @Test
    void classPathLaunchFindsTheSameProviders() throws Exception {
        String cp = MODULES.toString() + java.io.File.separator + "*";
        String out = run(List.of(java(), "-cp", cp, "io.teardown.examples.Teardown", "backends"));
        assertEquals(4, count(out, "chosen: netty"), out);
        assertTrue(out.contains("(unnamed/io.teardown.backend.netty.NettyWinsockProvider"), out);
        if (LINUX_X64) {
            assertTrue(out.contains("[transport: epoll]"), out);
        }
    }

    @Test
    void conformanceOnTheModulePathPassesEveryRuleOnTheDefaultBackendAsJson() throws Exception {
        Path json = Files.createTempFile("conformance", ".json");
        try {
            run(List.of(java(), "-p", MODULES.toString(), "-m", "io.teardown.examples/io.teardown.examples.Teardown",
                    "conformance", "--quiet", "--format", "json", "--out", json.toString()));
            io.teardown.examples.conformance.Report r = io.teardown.examples.conformance.ReportReader.parse(
                    Files.readString(json, StandardCharsets.UTF_8));
            assertEquals(0, r.count(io.teardown.examples.conformance.Status.FAIL), r.toString());
            assertEquals(0, r.count(io.teardown.examples.conformance.Status.MISSING), r.toString());
            assertTrue(r.results().stream().filter(x -> x.backend().equals("netty"))
                    .allMatch(x -> x.status() == io.teardown.examples.conformance.Status.PASS), r.toString());
            assertEquals(io.teardown.testkit.Rule.ALL.size() * r.backends().size(), r.results().size());
        } finally {
            Files.deleteIfExists(json);
        }
    }

    @Test
    void conformanceOnThePlainClassPathPassesToo() throws Exception {
        String cp = MODULES.toString() + java.io.File.separator + "*";
        String out = run(List.of(java(), "-cp", cp, "io.teardown.examples.Teardown", "conformance", "--backend", "netty",
                "--quiet"));
        assertTrue(out.contains(io.teardown.testkit.Rule.ALL.size() + " passed, 0 failed, 0 skipped, 0 missing"), out);
    }

    @Test
    void moduleGraphHasNoCycleAndNoSubsystemRequiresABackendOrAThirdPartyStack() {
        Map<String, ModuleDescriptor> ours = new TreeMap<>();
        for (ModuleReference ref : ModuleFinder.of(MODULES).findAll()) {
            if (ref.descriptor().name().startsWith("io.teardown.")) {
                ours.put(ref.descriptor().name(), ref.descriptor());
            }
        }
        assertEquals(Set.of("io.teardown.api", "io.teardown.kernel", "io.teardown.winsock", "io.teardown.wininet",
                "io.teardown.wlan", "io.teardown.testkit", "io.teardown.backend.netty", "io.teardown.backend.windows",
                "io.teardown.examples"), ours.keySet());
        assertTrue(requires(ours.get("io.teardown.api")).stream().allMatch(r -> r.startsWith("java.") || r.startsWith("jdk.")),
                "api depends on the JDK only");
        for (String sub : List.of("io.teardown.kernel", "io.teardown.winsock", "io.teardown.wininet", "io.teardown.wlan")) {
            for (ModuleDescriptor.Requires r : ours.get(sub).requires()) {
                boolean optionalDagger = r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
                        && (r.name().equals("dagger") || r.name().equals("jakarta.inject"));
                // ws2_32 builds on kernel32 (DESIGN.md, KO-13): winsock alone may require the kernel module.
                boolean winsockOnKernel = sub.equals("io.teardown.winsock") && r.name().equals("io.teardown.kernel");
                assertTrue(r.name().startsWith("java.") || r.name().startsWith("jdk.") || r.name().equals("io.teardown.api")
                        || optionalDagger || winsockOnKernel, sub + " must not require " + r);
            }
        }
        for (ModuleDescriptor d : ours.values()) {
            for (String r : requires(d)) {
                if (r.startsWith("io.netty")) {
                    assertEquals("io.teardown.backend.netty", d.name(), "only backend-netty touches Netty");
                }
                if (r.startsWith("com.sun.jna")) {
                    assertEquals("io.teardown.backend.windows", d.name(), "only backend-native touches JNA");
                }
            }
        }
        // No cycle: a depth-first walk over our own requires edges.
        for (String start : ours.keySet()) {
            assertAcyclic(start, ours, new ArrayList<>());
        }
    }

    @Test
    void servicesFilesAgreeWithProvides() throws IOException {
        for (String jar : List.of("teardown-backend-netty-0.1.0-SNAPSHOT.jar", "teardown-backend-native-0.1.0-SNAPSHOT.jar")) {
            Path path = MODULES.resolve(jar);
            ModuleDescriptor d = ModuleFinder.of(path).findAll().iterator().next().descriptor();
            Set<String> fromDescriptor = new TreeSet<>();
            d.provides().forEach(p -> p.providers().forEach(impl -> fromDescriptor.add(p.service() + "=" + impl)));
            Set<String> fromFiles = new TreeSet<>();
            try (ZipFile z = new ZipFile(path.toFile())) {
                z.stream().filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).forEach(e -> {
                    String service = e.getName().substring("META-INF/services/".length());
                    try {
                        new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8).lines()
                                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                                .forEach(impl -> fromFiles.add(service + "=" + impl));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            }
            assertEquals(fromDescriptor, fromFiles, jar);
            assertEquals(4, fromDescriptor.size(), jar + " provides every subsystem SPI");
        }
    }

    private static void assertAcyclic(String node, Map<String, ModuleDescriptor> graph, List<String> path) {
        assertTrue(!path.contains(node), "module cycle: " + path + " -> " + node);
        path.add(node);
        for (String r : requires(graph.get(node))) {
            if (graph.containsKey(r)) {
                assertAcyclic(r, graph, path);
            }
        }
        path.remove(path.size() - 1);
    }

    private static Set<String> requires(ModuleDescriptor d) {
        return d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

}
