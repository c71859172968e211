package io.teardown.examples.conformance;

/**
 * One cell of the conformance matrix: a rule on a backend.
 *
 * @param rule    the rule ID ({@code "WS-04"})
 * @param backend the backend name
 * @param status  the verdict
 * @param passed  tests that passed
 * @param failed  tests that failed
 * @param skipped tests that were skipped
 * @param detail  for FAIL the first failure (observed vs expected), for SKIP the reason, else empty
 */
public record RuleResult(String rule, String backend, Status status, int passed, int failed, int skipped,
                         String detail) {
}
