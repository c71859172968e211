package io.teardown.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution zip the build makes ({@code target/teardown-VERSION.zip}), unpacked as a user would,
 * and its {@code bin/teardown} run: with {@code JAVA_HOME}, and proof that {@code JAVA_HOME} is the java
 * it runs.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = TimeUnit.MINUTES)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/teardown is the POSIX script; bin/teardown.cmd is checked for shape")
class DistributionIT {
    private static final Path ZIP = Path.of(System.getProperty("teardown.distribution", "target/teardown.zip"));
    private static final String VERSION = System.getProperty("teardown.version", "");

    @TempDir
    static Path unpacked;

    private static Path home;

    @BeforeAll
    static void unpack() throws IOException {
        assertTrue(Files.isRegularFile(ZIP), "the build makes " + ZIP);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(ZIP))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path to = unpacked.resolve(e.getName()).normalize();
                assertTrue(to.startsWith(unpacked), e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(zip, to); // reads this entry; does not close the zip stream
                }
            }
        }
        home = unpacked.resolve("teardown-" + VERSION);
        // java.util.zip does not restore Unix modes; unzip(1) does (the assembly marks bin/teardown 0755).
        assertTrue(home.resolve("bin/teardown").toFile().setExecutable(true));
    }

    private static String run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(args)).redirectErrorStream(true).directory(unpacked.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theZipHoldsBothLaunchersTheJarsTheLicenceAndTheReadme() {
        for (String f : List.of("bin/teardown", "bin/teardown.cmd", "lib/teardown-examples.jar", "LICENSE", "README.md")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), f);
        }
    }

    @Test
    void theWindowsLauncherRunsTheSameModuleWithJavaHome() throws IOException {
        String cmd = Files.readString(home.resolve("bin/teardown.cmd"));
        assertTrue(cmd.contains("\r\n"), "CRLF line ends for cmd.exe");
        assertTrue(cmd.contains("%JAVA_HOME%\\bin\\java.exe"), cmd);
        assertTrue(cmd.contains("-m io.teardown.examples/io.teardown.examples.Teardown %*"), cmd);
    }

    @Test
    void binTeardownBackendsRunsFromTheUnpackedZip() throws Exception {
        String out = run(Map.of("JAVA_HOME", System.getProperty("java.home")), home.resolve("bin/teardown").toString(), "backends");
        for (String subsystem : List.of("kernel:", "winsock:", "wininet:", "wlan:")) {
            assertTrue(out.contains(subsystem), out);
        }
        assertEquals(4, out.split("chosen: netty", -1).length - 1, out);
    }

    @Test
    void binTeardownUsesJavaHome() throws Exception {
        Path fakeJdk = unpacked.resolve("fake-jdk");
        Files.createDirectories(fakeJdk.resolve("bin"));
        Path java = Files.writeString(fakeJdk.resolve("bin/java"), "#!/bin/sh\necho \"fake java: $*\"\n");
        assertTrue(java.toFile().setExecutable(true));
        String out = run(Map.of("JAVA_HOME", fakeJdk.toString()), home.resolve("bin/teardown").toString(), "help");
        assertTrue(out.startsWith("fake java: --enable-native-access="), out);
        assertTrue(out.contains("-m io.teardown.examples/io.teardown.examples.Teardown help"), out);
    }
}
