/**
 * The {@code teardown} command line: {@code backends}, {@code demo NAME} and {@code conformance}. Finds
 * backends at run time through each subsystem's {@link java.util.ServiceLoader}; never names a backend
 * class.
 */
module io.teardown.examples {
    requires io.teardown.testkit;
    requires info.picocli;
    requires org.junit.platform.launcher;
    requires com.google.gson;
    requires dagger;
    requires jakarta.inject;
    requires static java.compiler; // Dagger's @Generated
    requires jdk.httpserver; // the wininet demo's embedded server
    requires org.bouncycastle.pkix; // the WinINet HTTPS contract's certificates (optional in the test kit)
    requires java.logging; // conformance holds log records back while it prints progress

    exports io.teardown.examples;
    exports io.teardown.examples.demo;
    exports io.teardown.examples.conformance;

    opens io.teardown.examples to info.picocli;
}
