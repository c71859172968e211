package io.teardown.backend.windows.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.api.Session;
import io.teardown.backend.windows.jna.Advapi32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.jna.KernelBaseLibrary;
import io.teardown.backend.windows.jna.Ktmw32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NtdllLibrary;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.testkit.kernel.KernelFileFrontRules;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel front's rules for the file, find-handle, registry, completion-port and {@code CreateProcess}
 * functions ({@link KernelFileFrontRules}, the ones {@code KernelFileFrontContract} runs on each backend) over
 * the native driver and recording kernel32/advapi32 bindings, on any OS: nothing the front rejects reaches
 * the driver, and so nothing reaches Windows but the calls the rules make on purpose.
 */
@Timeout(10)
class NativeKernelFileFrontRulesTest {
    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final FakeKernel os = new FakeKernel(slot);
    private final Session session = Session.builder().name("native-kernel-file-front").build();
    private final NativeKernelDriver driver = new NativeKernelDriver(session, os.as(Kernel32Library.class),
            os.as(Advapi32Library.class), () -> os.as(KernelBaseLibrary.class), os.as(Ktmw32Library.class),
            () -> os.as(NtdllLibrary.class), new NativeCalls(slot));

    @AfterEach
    void tearDown() {
        session.close();
    }

    /** What reached the bindings, by function name. */
    private List<String> reached() {
        return os.calls.stream().map(c -> c.substring(0, c.indexOf('('))).toList();
    }

    @Test
    void KO_03_deadValuesNeverReachKernel32() {
        KernelFileFrontRules.deadValuesNeverReachTheFileOrPortWork(session, driver);
        assertEquals(List.of("CreateEvent", "GetHandleInformation", "CloseHandle"), reached(),
                "only the event the rule made (and the protect flag CloseHandle reads)");
    }

    @Test
    void KO_03_argumentChecksComeBeforeTheHandle() {
        KernelFileFrontRules.argumentChecksComeBeforeTheHandle(session, driver);
        assertEquals(List.of("CreateEvent", "GetHandleInformation", "CloseHandle"), reached());
    }

    @Test
    void KO_03_deadStandardHandlesNeverReachCreateProcess() {
        KernelFileFrontRules.deadStandardHandlesNeverReachCreateProcess(session, driver);
        assertEquals(List.of("CreateEvent", "GetHandleInformation", "CloseHandle"), reached());
    }

    @Test
    void KO_04_standardConstantsAndTagBitsResolveToTheValueItself() {
        KernelFileFrontRules.standardConstantsAndTagBitsResolveToTheValueItself(session, driver);
        assertEquals(List.of("CreateIoCompletionPort", "CreateIoCompletionPort", "PostQueuedCompletionStatus"),
                reached().stream().filter(f -> f.contains("Completion")).toList(),
                "the port, the association and the post reached Windows; nothing else of the port family");
    }

    @Test
    void KO_09_eachFamilyTakesOnlyItsOwnHandles() {
        KernelFileFrontRules.eachFamilyTakesOnlyItsOwnHandles(session, driver, "C:\\*");
        assertEquals(List.of("FindFirstFile", "CreateEvent", "FindClose", "GetHandleInformation", "CloseHandle"), reached(),
                "no kernel function saw the find handle, no find or registry function the event");
    }

    @Test
    void KO_12_regCloseKeyClosesOnlyWhatItMay() {
        KernelFileFrontRules.regCloseKeyClosesOnlyWhatItMay(session, driver);
        assertEquals(1, os.callsOf("RegCloseKey").size(), "only the opened key reached RegCloseKey");
        assertEquals(List.of(), os.callsOf("RegCloseKey").stream().filter(c -> c.contains("80000001")).toList(),
                "the predefined key never did");
    }
}
