package io.teardown.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.examples.conformance.Report;
import io.teardown.examples.conformance.ReportWriter;
import io.teardown.examples.conformance.RuleResult;
import io.teardown.examples.conformance.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code teardown conformance} as users meet it: every error path with its exit code and its one line. */
class ConformanceCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Teardown.execute(new PrintWriter(out), new PrintWriter(err), args);
    }

    private void assertOneLineError(String expected) {
        String e = err.toString();
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.startsWith("teardown: "), e);
        assertTrue(e.contains(expected), e);
        assertFalse(e.contains("Exception") || e.contains("gson") || e.contains("\tat "), e);
    }

    @Test
    void anUnwritableOutIsRefusedBeforeTheRun() {
        assertEquals(2, run("conformance", "--rules", "KO-01", "--out", dir.resolve("no/such/dir/r.json").toString()));
        assertOneLineError("Cannot write --out " + dir.resolve("no/such/dir/r.json") + ": no such directory");
        assertTrue(out.toString().isEmpty(), "nothing ran: " + out);
    }

    @Test
    void anOutThatIsADirectoryIsRefused() {
        assertEquals(2, run("conformance", "--out", dir.toString()));
        assertOneLineError("Cannot write --out " + dir + ": it is a directory");
    }

    @Test
    void rulesThatMatchNoRuleAreABadArgument() {
        assertEquals(2, run("conformance", "--rules", "WS-9"));
        assertOneLineError("--rules 'WS-9' matches no rule (the WS rules are WS-01 … ");
    }

    @Test
    void rulesOfNoSubsystemAreABadArgument() {
        assertEquals(2, run("conformance", "--rules", "XY"));
        assertOneLineError("Invalid --rules 'XY'");
    }

    @Test
    void anUnknownBackendListsTheBackendsFound() {
        assertEquals(2, run("conformance", "--backend", "nety"));
        assertOneLineError("Unknown --backend 'nety' (found: ");
        assertTrue(err.toString().contains("netty") && err.toString().contains("all"), err.toString());
    }

    @Test
    void anUnknownFormatIsABadArgument() {
        assertEquals(2, run("conformance", "--format", "yaml"));
        assertOneLineError("Invalid --format 'yaml' (expected text, json or markdown)");
    }

    @Test
    void optionValuesAreCaseInsensitiveAndWindowsMeansNative() throws Exception {
        Path report = dir.resolve("r.json");
        assertEquals(0, run("conformance", "--backend", "NETTY", "--rules", "ko-01", "--format", "JSON",
                "--out", report.toString()), err.toString());
        String json = Files.readString(report);
        assertTrue(json.contains("\"backend\": \"netty\""), json);
        assertTrue(json.contains("\"status\": \"PASS\""), json);
        assertFalse(json.contains("\"detail\": \"\""), "PASS has its detail, as in text: " + json);

        StringWriter progress = err;
        assertEquals(0, run("conformance", "--backend", "Windows", "--rules", "KO-0", "--quiet"), progress.toString());
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertTrue(out.toString().contains("native   SKIP"), out.toString());
        }
    }

    @Test
    void progressIsOneLinePerRuleInTheReportsOrderWithTheSkipReasonOnce() {
        assertEquals(0, run("conformance", "--rules", "KO-0"), err.toString());
        List<String> lines = err.toString().lines().toList();
        List<String> ruleLines = lines.stream().filter(l -> l.startsWith("[")).toList();
        assertEquals(9, ruleLines.size(), err.toString());
        for (int i = 0; i < 9; i++) {
            assertTrue(ruleLines.get(i).startsWith("[" + (i + 1) + "/9] KO-0" + (i + 1)), ruleLines.get(i));
        }
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertEquals(1, lines.stream().filter(l -> l.contains("native SKIP: ")).count(), err.toString());
        }
        assertTrue(lines.stream().allMatch(l -> l.startsWith("[") || l.startsWith("        ")),
                "only progress lines, no log records: " + err);
    }

    @Test
    void diffOfAMissingFileNamesIt() {
        Path missing = dir.resolve("missing.json");
        assertEquals(2, run("conformance", "--diff", missing.toString(), missing.toString()));
        assertOneLineError("--diff " + missing + ": cannot read: no such file or directory");
    }

    @Test
    void diffOfBrokenJsonSaysWhereNotTheParsersInternals() throws Exception {
        Path good = write("good.json", report("netty", Status.PASS));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"teardown-conformance/1\",\n  \"backends\": [");
        assertEquals(2, run("conformance", "--diff", good.toString(), broken.toString()));
        assertOneLineError("--diff " + broken + ": not a conformance report: not valid JSON (line 2, column ");
    }

    @Test
    void diffOfAnotherShapeSaysWhichMember() throws Exception {
        Path good = write("good.json", report("netty", Status.PASS));
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"format\": \"teardown-conformance/1\", \"backends\": \"netty\"}");
        assertEquals(2, run("conformance", "--diff", good.toString(), other.toString()));
        assertOneLineError("--diff " + other + ": \"backends\" must be an array");
        err.getBuffer().setLength(0);
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertEquals(2, run("conformance", "--diff", empty.toString(), good.toString()));
        assertOneLineError("--diff " + empty + ": not a conformance report: the file is empty");
        err.getBuffer().setLength(0);
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertEquals(2, run("conformance", "--diff", binary.toString(), good.toString()));
        assertOneLineError("--diff " + binary + ": cannot read: not UTF-8 text");
    }

    @Test
    void diffComparesSharedBackendsAndListsSkipOnlyDifferencesApart() throws Exception {
        Path linux = write("linux.json", new Report("t", "Linux", "17", List.of("netty", "native"), List.of(
                new RuleResult("WS-04", "netty", Status.PASS, 1, 0, 0, "t"),
                new RuleResult("WS-04", "native", Status.SKIP, 0, 0, 1, "requires Windows"),
                new RuleResult("WS-05", "netty", Status.PASS, 1, 0, 0, "t"),
                new RuleResult("WS-05", "native", Status.SKIP, 0, 0, 1, "requires Windows"))));
        Path windows = write("windows.json", new Report("t", "Windows 11", "17", List.of("native"), List.of(
                new RuleResult("WS-04", "native", Status.PASS, 1, 0, 0, "t"),
                new RuleResult("WS-06", "native", Status.PASS, 1, 0, 0, "t"))));
        assertEquals(0, run("conformance", "--diff", linux.toString(), windows.toString()), out + "" + err);
        String o = out.toString();
        assertTrue(o.contains("compared: native"), o);
        assertTrue(o.contains("Skipped on one side only"), o);
        assertTrue(o.contains("WS-04  A: native=SKIP | B: native=PASS"), o);
        assertTrue(o.contains("Not compared: only in A: WS-05; only in B: WS-06"), o);
        assertTrue(o.contains("the reports agree on every rule both hold"), o);
    }

    @Test
    void diffExitsOneOnARealDifference() throws Exception {
        Path a = write("a.json", report("netty", Status.PASS));
        Path b = write("b.json", report("native", Status.FAIL));
        assertEquals(1, run("conformance", "--diff", a.toString(), b.toString()));
        assertTrue(out.toString().contains("1 rule(s) differ"), out.toString());
    }

    private static Report report(String backend, Status status) {
        return new Report("t", "os", "17", List.of(backend), List.of(
                new RuleResult("KO-01", backend, status, status == Status.PASS ? 1 : 0, status == Status.FAIL ? 1 : 0, 0, "x")));
    }

    private Path write(String name, Report r) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, ReportWriter.render(r, ReportWriter.Format.JSON), StandardCharsets.UTF_8);
        return p;
    }
}
