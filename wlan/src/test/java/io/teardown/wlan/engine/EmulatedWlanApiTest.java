package io.teardown.wlan.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.front.WlanFront;
import io.teardown.wlan.service.WlanService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over a plain JDK-socket transport against the emulated service: no backend involved.
 * The full rule set runs in the contract suites ({@code io.teardown.testkit.wlan}) on each backend.
 */
@Timeout(30)
class EmulatedWlanApiTest {
    private final List<Session> sessions = new ArrayList<>();

    private Session session(String... properties) {
        Session.Builder b = Session.builder();
        for (int i = 0; i < properties.length; i += 2) {
            b.property(properties[i], properties[i + 1]);
        }
        Session s = b.build();
        sessions.add(s);
        return s;
    }

    /** The session's flat API as {@code WlanApi.of} builds it: the front over the engine, here on JDK sockets. */
    private static WlanApi api(Session session, WlanTransport transport) {
        return new WlanFront(session, new EmulatedWlanDriver(session, transport));
    }

    @org.junit.jupiter.api.AfterEach
    void closeSessions() {
        sessions.forEach(Session::close);
    }

    @Test
    void openCloseAgainstTheEmbeddedService() throws Exception {
        Session s = session();
        WlanApi api = api(s, new SocketWlanTransport());
        WlanService service = WlanService.embedded(s);
        UUID wifi = service.addInterface("engine test");
        IntRef negotiated = new IntRef();
        LongRef h = new LongRef();
        assertEquals(0, api.WlanOpenHandle(2, null, negotiated, h));
        assertTrue(service.awaitClients(1, Duration.ofSeconds(5)));
        Ref<WLAN_INTERFACE_INFO_LIST> list = new Ref<>();
        assertEquals(0, api.WlanEnumInterfaces(h.value, null, list));
        assertEquals(wifi, list.value.InterfaceInfo[0].InterfaceGuid);
        assertEquals(0, api.WlanCloseHandle(h.value, null));
        assertTrue(service.awaitClients(0, Duration.ofSeconds(5)));
        assertEquals(Win32Error.ERROR_INVALID_HANDLE.code(), api.WlanCloseHandle(h.value, null));
    }

    @Test
    void separateProcessModeNeedsTheSecretFromTheOwnerOnlyFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("wlan.secret");
        WlanService service = WlanService.standalone(secret, 0);
        service.start();
        try {
            if (Files.getFileStore(secret).supportsFileAttributeView("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
            }
            int port = service.endpoint().orElseThrow().address().getPort();
            String at = "127.0.0.1:" + port;

            WlanApi good = api(session("teardown.wlan.service", at,
                    "teardown.wlan.secretFile", secret.toString()), new SocketWlanTransport());
            LongRef h = new LongRef();
            assertEquals(0, good.WlanOpenHandle(1, null, new IntRef(), h));
            assertEquals(0, good.WlanCloseHandle(h.value, null));

            WlanApi noSecret = api(session("teardown.wlan.service", at), new SocketWlanTransport());
            assertEquals(Win32Error.ERROR_ACCESS_DENIED.code(), noSecret.WlanOpenHandle(2, null, new IntRef(), new LongRef()));

            Path forged = dir.resolve("forged.secret");
            Files.writeString(forged, "port=" + port + "\nsecret=00112233\n");
            Files.setPosixFilePermissions(forged, PosixFilePermissions.fromString("rw-------"));
            WlanApi wrong = api(session("teardown.wlan.service", at,
                    "teardown.wlan.secretFile", forged.toString()), new SocketWlanTransport());
            assertEquals(Win32Error.ERROR_ACCESS_DENIED.code(), wrong.WlanOpenHandle(2, null, new IntRef(), new LongRef()));

            Path open = dir.resolve("world-readable.secret");
            Files.copy(secret, open);
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
            assertThrows(IOException.class, () -> WlanService.readSecretFile(open), "others could read it");
        } finally {
            service.stop();
        }
        assertTrue(Files.notExists(secret), "the secret file goes with the service");
    }

    @Test
    void aStoppedSeparateServiceIsNotActive() {
        WlanService service = WlanService.create("short-lived");
        service.start();
        int port = service.endpoint().orElseThrow().address().getPort();
        service.stop();
        WlanApi api = api(session("teardown.wlan.service", "127.0.0.1:" + port), new SocketWlanTransport());
        assertEquals(Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(), api.WlanOpenHandle(2, null, new IntRef(), new LongRef()));
    }

    @Test
    void onlyLoopbackServicesAndKnownModesAreAccepted() {
        assertThrows(IllegalArgumentException.class,
                () -> api(session("teardown.wlan.service", "192.0.2.1:4000"), new SocketWlanTransport()));
        assertThrows(IllegalArgumentException.class,
                () -> api(session("teardown.wlan.service", "nonsense"), new SocketWlanTransport()));
        assertThrows(IllegalArgumentException.class,
                () -> api(session("teardown.wlan.closeInCallback", "maybe"), new SocketWlanTransport()));
    }
}
