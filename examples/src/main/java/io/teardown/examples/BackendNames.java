package io.teardown.examples;

import io.teardown.testkit.TestBackends;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Backend names as users type them: any case, and {@code windows} for the native backend (it calls the
 * Windows DLLs; its module is {@code io.teardown.backend.windows}).
 */
final class BackendNames {
    private BackendNames() {
    }

    /** The provider name {@code typed} means: lower case, {@code windows} read as {@code native}. */
    static String normalize(String typed) {
        String n = typed.strip().toLowerCase(Locale.ROOT);
        return n.equals("windows") ? "native" : n;
    }

    /**
     * The backends an option names: one found backend, or every one for {@code all} when allowed.
     *
     * @throws CommandLine.ParameterException naming the backends that exist
     */
    static List<String> choose(CommandLine cli, String option, String typed, boolean allowAll) {
        List<String> found = TestBackends.names("");
        String n = normalize(typed);
        if (allowAll && n.equals("all")) {
            return found;
        }
        if (found.contains(n)) {
            return List.of(n);
        }
        throw new CommandLine.ParameterException(cli, "Unknown " + option + " '" + typed + "' (found: "
                + String.join(", ", found) + (allowAll ? ", all" : "") + ")");
    }
}
