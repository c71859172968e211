package io.teardown.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Turns a JMH JSON result file into the figures of {@code docs/PERFORMANCE.md}: a Markdown table of
 * every Teardown/baseline ratio, a bar chart of all those ratios, one small chart per workload (each with
 * the line at 1.0), and a chart of lingering-close time with a point per measured number of sockets on a
 * log axis, when that benchmark ran.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.teardown.benchmarks.report.PerformanceReport RESULT.json OUTDIR [MEMORY.json]}
 * (the optional third file is {@link io.teardown.benchmarks.memory.MemoryFootprint}'s output).
 */
public final class PerformanceReport {
    private PerformanceReport() {
    }

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: PerformanceReport RESULT.json OUTDIR [MEMORY.json]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        List<JmhResult> results = JmhResult.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        Path out = Files.createDirectories(Path.of(args[1]));
        List<Ratio> ratios = Ratio.pair(results);
        String memory = args.length == 3 ? memoryTable(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8)) : "";
        Files.writeString(out.resolve("ratios.md"), table(results, ratios) + memory, StandardCharsets.UTF_8);
        ratioChart(ratios, out.resolve("ratios.png"));
        List<String> workloads = workloadCharts(ratios, out);
        lingeringChart(results, out.resolve("lingering-close.png"));
        System.out.println("wrote " + out.resolve("ratios.md") + ", ratios.png, " + String.join(", ", workloads) +
                (Files.exists(out.resolve("lingering-close.png")) ? ", lingering-close.png" : ""));
    }

    /** The Markdown table: every result, then every ratio. */
    static String table(List<JmhResult> results, List<Ratio> ratios) {
        StringBuilder sb = new StringBuilder("| benchmark | params | threads | score | unit | B/op |\n|---|---|---|---|---|---|\n");
        for (JmhResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %s.%s | %s | %d | %.3f ± %.3f | %s | %s |%n", r.benchmarkClass(), r.method(),
                    r.params(), r.threads(), r.score(), Double.isNaN(r.error()) ? 0.0 : r.error(), r.unit(),
                    Double.isNaN(r.allocPerOp()) ? "–" : String.format(Locale.ROOT, "%.1f", r.allocPerOp())));
        }
        sb.append("\n| sampled latency | p50 | p99 | p99.9 | unit |\n|---|---|---|---|---|\n");
        for (JmhResult r : results) {
            if (!r.percentiles().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "| %s.%s | %.1f | %.1f | %.1f | %s |%n", r.benchmarkClass(), r.method(),
                        r.percentiles().getOrDefault("p50", Double.NaN), r.percentiles().getOrDefault("p99", Double.NaN),
                        r.percentiles().getOrDefault("p99.9", Double.NaN), r.unit()));
            }
        }
        sb.append("\n| Teardown | baseline | params | threads | ratio (≥ 1: Teardown as fast or faster) |\n|---|---|---|---|---|\n");
        for (Ratio x : ratios) {
            sb.append(String.format(Locale.ROOT, "| %s.%s | %s | %s | %d | %.2f× |%n", x.teardown().benchmarkClass(),
                    x.teardown().method(), x.baseline().method(), x.teardown().params(), x.teardown().threads(), x.ratio()));
        }
        return sb.toString();
    }

    /** The memory table from MemoryFootprint's JSON (a list of {name, count, bytesPerHandle, baseline}). */
    static String memoryTable(String json) {
        StringBuilder sb = new StringBuilder("\n| retained heap | handles open | bytes per handle | compare with |\n|---|---|---|---|\n");
        for (com.google.gson.JsonElement e : com.google.gson.JsonParser.parseString(json).getAsJsonArray()) {
            com.google.gson.JsonObject o = e.getAsJsonObject();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s |%n", o.get("name").getAsString(),
                    o.get("count").getAsInt(), o.get("bytesPerHandle").getAsDouble(), o.get("baseline").getAsString()));
        }
        return sb.toString();
    }

    /** Every ratio in one chart, with the line at 1.0 ("as fast") drawn. */
    static void ratioChart(List<Ratio> ratios, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Ratio r : ratios) {
            data.addValue(r.ratio(), r.baseline().method(), r.teardown().benchmarkClass() + " " + r.teardown().params()
                    + " " + r.teardown().threads() + "t");
        }
        JFreeChart chart = ChartFactory.createBarChart("Teardown relative to each baseline (1.0 = as fast)",
                "benchmark", "ratio", data, PlotOrientation.HORIZONTAL, true, false, false);
        markAsFast(chart);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, Math.max(400, 40 * Math.max(1, ratios.size())));
    }

    /**
     * One small chart per workload (benchmark class): a bar per baseline and parameter set, the line at
     * 1.0 beside them, so each workload reads on its own. Files {@code ratio-CLASS.png}; returns their names.
     */
    static List<String> workloadCharts(List<Ratio> ratios, Path dir) throws IOException {
        Map<String, List<Ratio>> byClass = new TreeMap<>();
        for (Ratio r : ratios) {
            byClass.computeIfAbsent(r.teardown().benchmarkClass(), k -> new ArrayList<>()).add(r);
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, List<Ratio>> e : byClass.entrySet()) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Ratio r : e.getValue()) {
                String params = r.teardown().params().isEmpty() ? "" : r.teardown().params().toString();
                data.addValue(r.ratio(), "vs " + r.baseline().method(), r.teardown().method() + " " + params
                        + " " + r.teardown().threads() + "t");
            }
            JFreeChart chart = ChartFactory.createBarChart(e.getKey() + ": Teardown ÷ baseline (≥ 1.0: as fast or faster)",
                    null, "ratio", data, PlotOrientation.HORIZONTAL, true, false, false);
            markAsFast(chart);
            String name = "ratio-" + e.getKey() + ".png";
            ChartUtils.saveChartAsPNG(dir.resolve(name).toFile(), chart, 800, Math.max(220, 60 + 28 * e.getValue().size()));
            names.add(name);
        }
        return names;
    }

    private static void markAsFast(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        double highest = 0;
        for (int row = 0; row < plot.getDataset().getRowCount(); row++) {
            for (int col = 0; col < plot.getDataset().getColumnCount(); col++) {
                Number v = plot.getDataset().getValue(row, col);
                highest = v == null ? highest : Math.max(highest, v.doubleValue());
            }
        }
        plot.getRangeAxis().setRange(0, Math.max(1.25, highest * 1.08)); // the 1.0 line always inside
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f); // whole parameter labels
        ValueMarker asFast = new ValueMarker(1.0, Color.BLACK, new BasicStroke(2f));
        asFast.setLabel("1.0 = as fast");
        asFast.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        asFast.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addRangeMarker(asFast, Layer.FOREGROUND);
    }

    /** Time until the last lingering close returns, a point per measured N, N on a log axis. */
    static void lingeringChart(List<JmhResult> results, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        String unit = "time";
        for (JmhResult r : results) {
            if (!r.benchmarkClass().startsWith("Lingering") || !r.params().containsKey("sockets")) {
                continue;
            }
            unit = "time (" + r.unit() + ")";
            XYSeries s;
            String key = r.method();
            int index = data.getSeriesIndex(key);
            if (index < 0) {
                s = new XYSeries(key);
                data.addSeries(s);
            } else {
                s = data.getSeries(index);
            }
            s.add(Double.parseDouble(r.params().get("sockets")), r.score());
        }
        if (data.getSeriesCount() == 0) {
            return;
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Wall time until the last lingering closesocket returns",
                "sockets closed concurrently (N, log scale)", unit, data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        LogAxis n = new LogAxis("sockets closed concurrently (N, log scale)");
        n.setBase(10);
        n.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        n.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten: 1, 10, 100 …
        plot.setDomainAxis(n);
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(true, true); // a marker on every measured N
        plot.setRenderer(points);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
    }
}
