package io.teardown.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A team's first hour, automated: the README's "Use it" blocks (tagged {@code file=…}) are written,
 * unchanged, into two outside Maven projects — a JPMS application and a class-path JUnit 5 project —
 * which are built with the Maven wrapper against what {@code ./mvnw install} would have put in a local
 * repository, and run. The shared {@code ~/.m2} is only read (third-party artifacts, as a read-only tail
 * repository); Teardown's artifacts go to a local repository under {@code target/}.
 */
@org.junit.jupiter.api.Timeout(value = 8, unit = TimeUnit.MINUTES)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "drives ./mvnw, the POSIX wrapper script")
class AdoptionIT {
    private static final Path ROOT = Path.of(System.getProperty("teardown.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("teardown.version", "0.1.0-SNAPSHOT");
    private static final Path USER_REPOSITORY = Path.of(System.getProperty("teardown.userRepository",
            System.getProperty("user.home") + "/.m2/repository"));
    private static final Path WORK = ROOT.resolve("examples/target/adoption");
    /** The published artifacts: directory in the checkout → artifactId. */
    private static final Map<String, String> PUBLISHED = new LinkedHashMap<>();

    static {
        for (String m : List.of("api", "kernel-objects", "winsock", "wininet", "wlan", "testkit", "backend-native",
                "backend-netty")) {
            PUBLISHED.put(m, "teardown-" + m);
        }
    }

    @Test
    void theReadmesBlocksBuildAndRunAsAnOutsideProject() throws Exception {
        deleteRecursively(WORK);
        Path repository = stageLikeInstall(WORK.resolve("m2"));
        Path project = WORK.resolve("project");
        Map<String, String> blocks = readmeBlocks();
        writeProjects(project, blocks);

        String build = run(project, List.of("./mvnw", "-B", "-Dstyle.color=never", "verify",
                "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + USER_REPOSITORY));
        assertTrue(build.contains("BUILD SUCCESS"), build);
        assertTrue(build.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:")
                && build.contains("in demo.tests.ReconnectTest"), "the README's EachBackend test ran on netty:\n" + build);

        Path report = project.resolve("tests/target/surefire-reports/TEST-demo.tests.ReconnectTest.xml");
        String xml = Files.readString(report);
        assertTrue(xml.contains("closesGracefully(Session)[netty]"), xml);
        assertFalse(xml.toLowerCase().contains("bcprov") || xml.toLowerCase().contains("bcpkix"),
                "the test kit brings no BouncyCastle onto a user's test class path");

        String app = run(project.resolve("app"), List.of(java(), "--enable-native-access=io.netty.common", "-p",
                "target/app-1.jar" + java.io.File.pathSeparator + "target/modules", "-m", "demo.app/demo.app.Main"));
        // WS-06: the close blocks until the 5 bytes are acknowledged, then FIN; on loopback they may be
        // acknowledged before closesocket is even called, and then nothing is pending (Graceful).
        assertTrue(app.contains("object API: Graceful[], peer got 5 bytes")
                || Pattern.compile("object API: Lingered\\[blocked=[^,]+, acknowledged=true], peer got 5 bytes").matcher(app).find(),
                app);
        assertTrue(app.contains("flat facade: closed with RST"), app);
        assertFalse(app.contains("WARNING"), "no JDK warnings with the README's flag:\n" + app);
    }

    @Test
    void theBomListsEveryPublishedArtifactAndTheVersionsOfTheBuild() throws IOException {
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        for (String artifactId : PUBLISHED.values()) {
            assertTrue(bom.contains("<artifactId>" + artifactId + "</artifactId>"), artifactId);
        }
        assertFalse(bom.contains("teardown-examples") || bom.contains("teardown-benchmarks"), "not published");
        for (String lib : List.of("netty", "dagger", "junit", "jna")) {
            Matcher built = Pattern.compile("<teardown.built-with." + lib + ">([^<]+)<").matcher(bom);
            Matcher used = Pattern.compile("<" + lib + ".version>([^<]+)<").matcher(parent);
            assertTrue(built.find() && used.find(), lib);
            assertEquals(used.group(1), built.group(1), "the BOM says the " + lib + " version the build uses");
        }
    }

    /** What {@code ./mvnw install} leaves in a local repository: each POM and jar under its coordinates. */
    private static Path stageLikeInstall(Path repository) throws IOException {
        Path base = repository.resolve("io/teardown");
        copy(ROOT.resolve("pom.xml"), base.resolve("teardown-parent/" + VERSION + "/teardown-parent-" + VERSION + ".pom"));
        copy(ROOT.resolve("bom/pom.xml"), base.resolve("teardown-bom/" + VERSION + "/teardown-bom-" + VERSION + ".pom"));
        for (Map.Entry<String, String> m : PUBLISHED.entrySet()) {
            String a = m.getValue();
            Path jar = ROOT.resolve(m.getKey() + "/target/" + a + "-" + VERSION + ".jar");
            assertTrue(Files.isRegularFile(jar), jar + " is built earlier in the reactor (run with -am)");
            copy(ROOT.resolve(m.getKey() + "/pom.xml"), base.resolve(a + "/" + VERSION + "/" + a + "-" + VERSION + ".pom"));
            copy(jar, base.resolve(a + "/" + VERSION + "/" + a + "-" + VERSION + ".jar"));
        }
        return repository;
    }

    /** The README's blocks whose info string names a file: {@code ```java file=app/src/…}. */
    private static Map<String, String> readmeBlocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("```\\w+ file=(\\S+)\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        Map<String, String> blocks = new LinkedHashMap<>();
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        for (String f : List.of("app/pom.xml", "app/src/main/java/module-info.java", "app/src/main/java/demo/app/Main.java",
                "tests/pom.xml", "tests/src/test/java/demo/tests/ReconnectTest.java")) {
            assertTrue(blocks.containsKey(f), "README block " + f);
        }
        return blocks;
    }

    /**
     * The projects: each POM is the README's block inside a bare project (coordinates, Java 17 and the
     * plugin versions any build pins); the sources are the README's blocks as they are.
     */
    private static void writeProjects(Path project, Map<String, String> blocks) throws IOException {
        String template = resource("adoption/project-pom.xml");
        for (Map.Entry<String, String> b : blocks.entrySet()) {
            Path to = project.resolve(b.getKey());
            Files.createDirectories(to.getParent());
            if (b.getKey().endsWith("pom.xml")) {
                String module = b.getKey().substring(0, b.getKey().indexOf('/'));
                Files.writeString(to, template.replace("@ARTIFACT@", module).replace("@README@", b.getValue())
                        .replace("@BUILD@", resource("adoption/" + module + "-build.xml")));
            } else {
                Files.writeString(to, b.getValue());
            }
        }
        Files.writeString(project.resolve("pom.xml"), resource("adoption/aggregator-pom.xml"));
        copy(ROOT.resolve("mvnw"), project.resolve("mvnw"));
        assertTrue(project.resolve("mvnw").toFile().setExecutable(true));
        copy(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"), project.resolve(".mvn/wrapper/maven-wrapper.properties"));
    }

    private static String resource(String name) throws IOException {
        try (var in = AdoptionIT.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String run(Path dir, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // The outer build's Maven settings must not leak into the outside project's.
        List<String> outer = new ArrayList<>();
        env.keySet().stream().filter(k -> k.startsWith("MAVEN_") && !k.equals("MAVEN_USER_HOME")).forEach(outer::add);
        outer.forEach(env::remove);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(6, TimeUnit.MINUTES), "timed out: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
