package io.teardown.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatsTest {
    static final Report LINUX = new Report("2026-11-25T00:00:00Z", "Linux 6 amd64", "17", List.of("netty", "native"), List.of(
            new RuleResult("WS-04", "netty", Status.PASS, 2, 0, 0, ""),
            new RuleResult("WS-04", "native", Status.SKIP, 0, 0, 2, "skipped: backend native unsupported on this OS: requires Windows"),
            new RuleResult("WS-05", "netty", Status.FAIL, 0, 1, 0, "WS_05_x: expected: <10054> but was: <0>\n\tat …"),
            new RuleResult("WS-05", "native", Status.SKIP, 0, 0, 1, "skipped \"quoted\" \\ reason")));

    @Test
    void jsonRoundTripsExactly() {
        String json = ReportWriter.render(LINUX, ReportWriter.Format.JSON);
        assertTrue(json.contains("\"format\": \"teardown-conformance/1\""), json);
        assertEquals(LINUX, ReportReader.parse(json));
    }

    @Test
    void readerRejectsWrongShapesWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> ReportReader.parse("[]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportReader.parse("{\"format\": \"other/9\"}"))
                .getMessage().contains("teardown-conformance/1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportReader.parse("{\"format\": "))
                .getMessage().startsWith("not a conformance report"));
        String bad = ReportWriter.render(LINUX, ReportWriter.Format.JSON).replace("\"PASS\"", "\"MAYBE\"");
        assertThrows(IllegalArgumentException.class, () -> ReportReader.parse(bad));
    }

    @Test
    void textAndMarkdownShowEveryCellAndTheSummary() {
        String text = ReportWriter.render(LINUX, ReportWriter.Format.TEXT);
        assertTrue(text.contains("WS-05  netty    FAIL     WS_05_x: expected: <10054> but was: <0>"), text);
        assertTrue(text.contains("1 passed, 1 failed, 2 skipped, 0 missing"), text);
        String md = ReportWriter.render(LINUX, ReportWriter.Format.MARKDOWN);
        assertTrue(md.contains("| rule | netty | native |"), md);
        assertTrue(md.contains("| WS-04 "), md);
    }

    @Test
    void diffListsOnlyTheRulesThatDisagree() {
        Report windows = new Report("t", "Windows 11", "17", List.of("native"), List.of(
                new RuleResult("WS-04", "native", Status.PASS, 2, 0, 0, ""),
                new RuleResult("WS-05", "native", Status.PASS, 1, 0, 0, "")));
        Report linuxNetty = new Report("t", "Linux", "17", List.of("netty"), List.of(
                new RuleResult("WS-04", "netty", Status.PASS, 2, 0, 0, ""),
                new RuleResult("WS-05", "netty", Status.FAIL, 0, 1, 0, "expected RST")));
        List<String> d = ReportDiff.of(linuxNetty, windows).differ();
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("WS-05  A: netty=FAIL (expected RST) | B: native=PASS"), d.get(0));
        assertTrue(ReportDiff.of(windows, windows).agree());
    }
}
