package io.teardown.examples.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON form of a {@link Report} back (for {@code teardown conformance --diff}), checking its
 * shape member by member so a wrong file fails with a message that says what is wrong.
 */
public final class ReportReader {
    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private ReportReader() {
    }

    /**
     * Parses a report.
     *
     * @throws IllegalArgumentException naming the member that is missing or of the wrong type
     */
    public static Report parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            // Gson's message names its own classes and a help URL; the user needs where the file breaks.
            Matcher at = POSITION.matcher(String.valueOf(e.getMessage()));
            throw new IllegalArgumentException("not a conformance report: not valid JSON"
                    + (at.find() ? " (line " + at.group(1) + ", column " + at.group(2) + ")" : ""), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("not a conformance report: "
                    + (root.isJsonNull() ? "the file is empty" : "a conformance report is a JSON object"));
        }
        JsonObject m = root.getAsJsonObject();
        String format = optString(m, "format");
        if (!ReportWriter.JSON_FORMAT.equals(format)) {
            throw new IllegalArgumentException("\"format\" must be \"" + ReportWriter.JSON_FORMAT + "\", found " + format);
        }
        List<String> backends = new ArrayList<>();
        for (JsonElement b : array(m, "backends")) {
            backends.add(string(b, "backends[]"));
        }
        List<RuleResult> results = new ArrayList<>();
        for (JsonElement o : array(m, "results")) {
            if (!o.isJsonObject()) {
                throw new IllegalArgumentException("each of \"results\" is an object");
            }
            JsonObject r = o.getAsJsonObject();
            String status = string(r.get("status"), "status");
            Status st;
            try {
                st = Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"status\" must be PASS, FAIL, SKIP or MISSING, found " + status, e);
            }
            results.add(new RuleResult(string(r.get("rule"), "rule"), string(r.get("backend"), "backend"), st,
                    count(r.get("passed"), "passed"), count(r.get("failed"), "failed"),
                    count(r.get("skipped"), "skipped"), string(r.get("detail"), "detail")));
        }
        return new Report(string(m.get("generated"), "generated"), string(m.get("os"), "os"),
                string(m.get("java"), "java"), backends, results);
    }

    private static String optString(JsonObject m, String key) {
        JsonElement e = m.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : String.valueOf(e);
    }

    private static JsonArray array(JsonObject m, String key) {
        JsonElement e = m.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("\"" + key + "\" must be an array");
        }
        return e.getAsJsonArray();
    }

    private static String string(JsonElement e, String what) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("\"" + what + "\" must be a string");
        }
        return e.getAsString();
    }

    private static int count(JsonElement e, String what) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("\"" + what + "\" must be a non-negative integer");
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        double d = p.getAsDouble();
        if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"" + what + "\" must be a non-negative integer");
        }
        return (int) d;
    }
}
