package io.teardown.benchmarks.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of JMH's JSON output ({@code -rf json}), reduced to what the performance report needs.
 *
 * @param benchmarkClass simple name of the benchmark class
 * @param method         the benchmark method
 * @param mode           {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param threads        threads the benchmark ran on
 * @param params         JMH parameters, sorted by name
 * @param score          the primary metric
 * @param error          its error (99.9 %), NaN when JMH gave none
 * @param unit           the score's unit
 * @param allocPerOp     {@code gc.alloc.rate.norm} in bytes per operation, NaN without {@code -prof gc}
 * @param percentiles    for {@code sample} mode: p50, p99 and p99.9 in the score's unit (empty otherwise)
 */
public record JmhResult(String benchmarkClass, String method, String mode, int threads, Map<String, String> params,
                        double score, double error, String unit, double allocPerOp, Map<String, Double> percentiles) {

    /** Whether a higher score is better (throughput) rather than lower (time per operation). */
    public boolean higherIsBetter() {
        return mode.equals("thrpt");
    }

    /** Whether this is Teardown's side of a pair: its method name starts with {@code teardown}. */
    public boolean isTeardown() {
        return method.startsWith("teardown");
    }

    /** The key a Teardown result and its baselines share: class, threads and parameters. */
    public String pairKey() {
        return benchmarkClass + "|" + threads + "|" + params;
    }

    /** Reads every result of a JMH JSON file's text. */
    public static List<JmhResult> parse(String json) {
        List<JmhResult> out = new ArrayList<>();
        JsonArray rows = JsonParser.parseString(json).getAsJsonArray();
        for (JsonElement e : rows) {
            JsonObject o = e.getAsJsonObject();
            String full = o.get("benchmark").getAsString();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new TreeMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
            }
            JsonObject primary = o.getAsJsonObject("primaryMetric");
            double error = primary.has("scoreError") && primary.get("scoreError").isJsonPrimitive()
                    && primary.get("scoreError").getAsJsonPrimitive().isNumber()
                    ? primary.get("scoreError").getAsDouble() : Double.NaN;
            double alloc = Double.NaN;
            if (o.has("secondaryMetrics") && o.getAsJsonObject("secondaryMetrics").has("gc.alloc.rate.norm")) {
                alloc = o.getAsJsonObject("secondaryMetrics").getAsJsonObject("gc.alloc.rate.norm").get("score").getAsDouble();
            }
            Map<String, Double> percentiles = new java.util.LinkedHashMap<>();
            if (o.get("mode").getAsString().equals("sample") && primary.has("scorePercentiles")) {
                JsonObject p = primary.getAsJsonObject("scorePercentiles");
                for (String[] k : new String[][] {{"50.0", "p50"}, {"99.0", "p99"}, {"99.9", "p99.9"}}) {
                    if (p.has(k[0])) {
                        percentiles.put(k[1], p.get(k[0]).getAsDouble());
                    }
                }
            }
            out.add(new JmhResult(cls, full.substring(dot + 1), o.get("mode").getAsString(), o.get("threads").getAsInt(),
                    params, primary.get("score").getAsDouble(), error, primary.get("scoreUnit").getAsString(), alloc,
                    percentiles));
        }
        return out;
    }
}
