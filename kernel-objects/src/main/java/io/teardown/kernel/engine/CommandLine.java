package io.teardown.kernel.engine;

import java.util.ArrayList;
import java.util.List;

/** Splits a Windows command line into arguments (the {@code CommandLineToArgvW} rules for quotes and backslashes). */
final class CommandLine {
    private CommandLine() {
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        boolean any = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                int n = 0;
                while (i < line.length() && line.charAt(i) == '\\') {
                    n++;
                    i++;
                }
                if (i < line.length() && line.charAt(i) == '"') {
                    cur.append("\\".repeat(n / 2));
                    if (n % 2 == 1) {
                        cur.append('"');
                        i++;
                    }
                } else {
                    cur.append("\\".repeat(n));
                }
                any = true;
                continue;
            }
            if (c == '"') {
                inQuotes = !inQuotes;
                any = true;
            } else if (!inQuotes && Character.isWhitespace(c)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
            i++;
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
