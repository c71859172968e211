package io.teardown.examples.conformance;

/** What a rule did on one backend. */
public enum Status {
    /** Every test of the rule passed. */
    PASS,
    /** At least one test of the rule failed. */
    FAIL,
    /** Every test was skipped (the backend cannot run here); the detail says why. */
    SKIP,
    /** No contract test covers the rule yet. */
    MISSING
}
