package io.teardown.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.benchmarks.memory.MemoryFootprint;
import io.teardown.benchmarks.report.PerformanceReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CI smoke test: every JMH benchmark in this module runs once, in-process, with its smallest
 * parameters and one 50 ms iteration, and produces a result; the report is built from those results.
 * It checks that each benchmark RAN, never how fast (timings belong to {@code benchmarks/run.sh}).
 */
class BenchmarksSmokeTest {

    @Test
    @Timeout(value = 110, unit = TimeUnit.SECONDS)
    void everyBenchmarkRunsAndTheReportIsBuilt() throws Exception {
        Set<String> expected = listedBenchmarks();
        assertFalse(expected.isEmpty(), "no benchmarks listed in META-INF/BenchmarkList");
        Path dir = Files.createDirectories(Path.of("target", "perf-smoke"));
        Path json = dir.resolve("jmh-smoke.json");
        Options options = new OptionsBuilder()
                .include("io\\.teardown\\.benchmarks\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .param("open", "1000")
                .param("size", "1024")
                .param("sessions", "1")
                .param("sockets", "1")
                .param("bytes", "64")
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = results.stream()
                .filter(r -> r.getPrimaryResult().getSampleCount() > 0 && !Double.isNaN(r.getPrimaryResult().getScore()))
                .map(r -> r.getParams().getBenchmark())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, ran, "every benchmark produced a result");

        List<MemoryFootprint.Footprint> memory = MemoryFootprint.measure(10_000);
        assertEquals(6, memory.size());
        memory.forEach(f -> assertFalse(Double.isNaN(f.bytesPerHandle()), f.name()));
        Path memoryJson = dir.resolve("memory-smoke.json");
        MemoryFootprint.main(new String[] {"10000", memoryJson.toString()});

        PerformanceReport.main(new String[] {json.toString(), dir.toString(), memoryJson.toString()});
        assertTrue(Files.readString(dir.resolve("ratios.md")).contains("teardown"), "the report lists the results");
        assertTrue(Files.size(dir.resolve("ratios.png")) > 0, "the ratio chart was drawn");
        for (String workload : List.of("EchoBenchmark", "SocketChurnBenchmark", "HandleLookupBenchmark")) {
            assertTrue(Files.size(dir.resolve("ratio-" + workload + ".png")) > 0, "a chart per workload: " + workload);
        }
    }

    /** The benchmark methods JMH's annotation processor listed for this module. */
    private static Set<String> listedBenchmarks() throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream in = BenchmarksSmokeTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                // One benchmark per line; JMH's own serialisation: the user method's full name is its
                // third field ("JMH S <len> <class> S <len> <generated class> S <len> <method> ...").
                String[] f = line.trim().split(" ");
                if (f.length > 8 && f[0].equals("JMH")) {
                    names.add(f[3] + "." + f[9]);
                }
            }
        }
        return names;
    }
}
