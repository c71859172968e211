package io.teardown.examples.dagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.testkit.EachBackend;
import java.util.List;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application's own component, unchanged, run once per backend through the testkit extension: the
 * session EachBackend injects decides the backend (native is skipped with its reason off Windows).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems({"kernel", "winsock", "wininet", "wlan"})
class DaggerExampleTest {
    @TestTemplate
    void theSameApplicationRunsOnEachBackend(Session session) {
        List<HandleAuditor.Finding> findings = AppComponent.of(session).auditor().audit();
        assertEquals(11, findings.size());
        for (HandleAuditor.Finding f : findings) {
            assertTrue(f.ok(), f.toString());
        }
    }
}
