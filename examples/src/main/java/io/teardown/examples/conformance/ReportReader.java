package io.teardown.examples.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON form of a {@link Report} back (for {@code teardown conformance --diff}), checking its
 * shape: a small parser for exactly the JSON {@link ReportWriter} writes (any valid JSON with that shape).
 */
public final class ReportReader {
    private final String s;
    private int i;

    private ReportReader(String s) {
        this.s = s;
    }

    /**
     * Parses a report.
     *
     * @throws IllegalArgumentException with the position and what was expected, if it is not one
     */
    public static Report parse(String json) {
        Object v = new ReportReader(json).document();
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("a conformance report is a JSON object");
        }
        if (!ReportWriter.JSON_FORMAT.equals(m.get("format"))) {
            throw new IllegalArgumentException("\"format\" must be \"" + ReportWriter.JSON_FORMAT + "\", found " + m.get("format"));
        }
        List<String> backends = new ArrayList<>();
        for (Object b : list(m, "backends")) {
            backends.add(string(b, "backends[]"));
        }
        List<RuleResult> results = new ArrayList<>();
        for (Object o : list(m, "results")) {
            if (!(o instanceof Map<?, ?> r)) {
                throw new IllegalArgumentException("each of \"results\" is an object");
            }
            results.add(new RuleResult(string(r.get("rule"), "rule"), string(r.get("backend"), "backend"),
                    Status.valueOf(string(r.get("status"), "status")), integer(r.get("passed"), "passed"),
                    integer(r.get("failed"), "failed"), integer(r.get("skipped"), "skipped"),
                    string(r.get("detail"), "detail")));
        }
        return new Report(string(m.get("generated"), "generated"), string(m.get("os"), "os"),
                string(m.get("java"), "java"), backends, results);
    }

    private static List<?> list(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("\"" + key + "\" must be an array");
        }
        return l;
    }

    private static String string(Object o, String what) {
        if (!(o instanceof String str)) {
            throw new IllegalArgumentException("\"" + what + "\" must be a string");
        }
        return str;
    }

    private static int integer(Object o, String what) {
        if (!(o instanceof Double d) || d != Math.rint(d) || d < 0) {
            throw new IllegalArgumentException("\"" + what + "\" must be a non-negative integer");
        }
        return d.intValue();
    }

    private Object document() {
        Object v = value();
        ws();
        if (i != s.length()) {
            throw error("end of input");
        }
        return v;
    }

    private Object value() {
        ws();
        if (i >= s.length()) {
            throw error("a value");
        }
        char c = s.charAt(i);
        if (c == '{') {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (peek('}')) {
                return m;
            }
            do {
                ws();
                String k = stringLiteral();
                ws();
                expect(':');
                m.put(k, value());
                ws();
            } while (peek(','));
            expect('}');
            return m;
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (peek(']')) {
                return l;
            }
            do {
                l.add(value());
                ws();
            } while (peek(','));
            expect(']');
            return l;
        }
        if (c == '"') {
            return stringLiteral();
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        try {
            return Double.parseDouble(s.substring(start, i));
        } catch (NumberFormatException e) {
            i = start;
            throw error("a value");
        }
    }

    private String stringLiteral() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("four hex digits");
                        }
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error("a closing quote");
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "'");
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("not a conformance report: expected " + expected + " at offset " + i);
    }
}
