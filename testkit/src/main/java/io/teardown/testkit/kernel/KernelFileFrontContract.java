package io.teardown.testkit.kernel;

import io.teardown.api.Session;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.KernelProviders;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kernel front's rules for the file, find-handle, registry, completion-port and {@code CreateProcess}
 * functions ({@link KernelFileFrontRules}: KO-03, KO-04, KO-09, KO-11, KO-12), run on every backend with the
 * backend's own driver behind a recorder: a value the front rejects never reaches the driver. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is". Backends run
 * it with a one-line subclass.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class KernelFileFrontContract {
    /** For JUnit and the backends' subclasses. */
    public KernelFileFrontContract() {
    }

    private static KernelDriver driver(Session s) {
        return KernelProviders.REGISTRY.select(s).driver(s);
    }

    @TestTemplate
    void KO_03_deadValuesNeverReachTheFileOrPortWork(TestBackend b) {
        Session s = b.session();
        KernelFileFrontRules.deadValuesNeverReachTheFileOrPortWork(s, driver(s));
    }

    @TestTemplate
    void KO_03_argumentChecksComeBeforeTheHandle(TestBackend b) {
        Session s = b.session();
        KernelFileFrontRules.argumentChecksComeBeforeTheHandle(s, driver(s));
    }

    @TestTemplate
    void KO_03_deadStandardHandlesNeverReachCreateProcess(TestBackend b) {
        Session s = b.session();
        KernelFileFrontRules.deadStandardHandlesNeverReachCreateProcess(s, driver(s));
    }

    @TestTemplate
    void KO_04_standardConstantsAndTagBitsResolveToTheValueItself(TestBackend b) {
        Session s = b.session();
        KernelFileFrontRules.standardConstantsAndTagBitsResolveToTheValueItself(s, driver(s));
    }

    @TestTemplate
    void KO_09_eachFamilyTakesOnlyItsOwnHandles(TestBackend b) throws IOException {
        Session s = b.session();
        Path dir = Files.createTempDirectory("teardown-find-");
        try {
            Files.writeString(dir.resolve("a.txt"), "a");
            KernelFileFrontRules.eachFamilyTakesOnlyItsOwnHandles(s, driver(s), dir.resolve("*.txt").toString());
        } finally {
            KernelCalls.deleteTree(dir);
        }
    }

    @TestTemplate
    void KO_12_regCloseKeyClosesOnlyWhatItMay(TestBackend b) {
        Session s = b.session();
        KernelFileFrontRules.regCloseKeyClosesOnlyWhatItMay(s, driver(s));
    }
}
