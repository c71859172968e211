/**
 * Teardown's test kit: the {@link io.teardown.testkit.EachBackend} JUnit 5 extension that runs a test
 * once per available backend (and says why a backend is skipped), fault injection, and the contract
 * suites (TCK) every backend must pass, with the model, fuzz and load contracts of package
 * {@code hardening} (jqwik properties run once per backend by {@link io.teardown.testkit.OnEachBackend}).
 * The suites are ordinary code here, as Netty's {@code testsuite} is; backends run them from their own
 * tests, and the {@code teardown conformance} command runs the rule suites.
 */
module io.teardown.testkit {
    requires transitive io.teardown.api;
    requires transitive io.teardown.kernel;
    requires transitive io.teardown.winsock;
    requires transitive io.teardown.wininet;
    requires transitive io.teardown.wlan;
    requires transitive org.junit.jupiter.api;
    requires jdk.httpserver; // the WinINet contract's HTTP peer
    requires static org.bouncycastle.pkix; // WinINet HTTPS test certificates
    requires static org.bouncycastle.provider;
    // the model contracts, OnEachBackend and SoakTries: only code that runs them (and has jqwik) reads them
    requires static net.jqwik.api;

    exports io.teardown.testkit;
    exports io.teardown.testkit.kernel;
    exports io.teardown.testkit.winsock;
    exports io.teardown.testkit.wininet;
    exports io.teardown.testkit.wlan;
    exports io.teardown.testkit.hardening;

    opens io.teardown.testkit to org.junit.platform.commons;
    opens io.teardown.testkit.kernel to org.junit.platform.commons;
    opens io.teardown.testkit.winsock to org.junit.platform.commons;
    opens io.teardown.testkit.wininet to org.junit.platform.commons;
    opens io.teardown.testkit.wlan to org.junit.platform.commons;
    // JUnit and jqwik (net.jqwik.engine, not seen at compile time) call the hardening contracts reflectively
    opens io.teardown.testkit.hardening;
}
