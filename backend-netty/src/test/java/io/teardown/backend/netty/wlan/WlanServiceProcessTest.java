package io.teardown.backend.netty.wlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WlanApi;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WLAN service as its own process ({@code WlanServiceMain}): Netty clients reach it on a loopback
 * port with the secret from its owner-only file; killing the process is a lost service (WL-04).
 */
@Timeout(60)
class WlanServiceProcessTest {
    @Test
    void clientsOfASeparateServiceProcessSeeItDie(@TempDir Path dir) throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null, "runs only on the module path");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path secret = dir.resolve("wlan.secret");
        Process p = new ProcessBuilder(java, "-p", modulePath, "-m",
                "io.teardown.wlan/io.teardown.wlan.service.WlanServiceMain",
                "--secret-file", secret.toString(), "--network", "Lab:66:secured")
                .redirectErrorStream(true).start();
        try (Session session = Session.builder().backend("netty").build()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the service process said nothing");
            assertTrue(line.startsWith("listening on 127.0.0.1:"), line);
            String port = line.substring(line.lastIndexOf(':') + 1);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));

            try (Session client = Session.builder().backend("netty")
                    .property("teardown.wlan.service", "127.0.0.1:" + port)
                    .property("teardown.wlan.secretFile", secret.toString()).build()) {
                WlanApi wlan = WlanApi.of(client);
                LongRef h = new LongRef();
                assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h));
                Ref<WLAN_INTERFACE_INFO_LIST> ifaces = new Ref<>();
                assertEquals(0, wlan.WlanEnumInterfaces(h.value, null, ifaces));
                assertEquals(1, ifaces.value.dwNumberOfItems);
                Ref<WLAN_AVAILABLE_NETWORK_LIST> nets = new Ref<>();
                assertEquals(0, wlan.WlanGetAvailableNetworkList(h.value, ifaces.value.InterfaceInfo[0].InterfaceGuid,
                        0, null, nets));
                assertEquals("Lab", nets.value.Network[0].dot11Ssid.text());
                assertEquals(66, nets.value.Network[0].wlanSignalQuality);

                p.destroyForcibly();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                int rc = 0;
                for (int i = 0; i < 2000 && rc == 0; i++) {
                    rc = wlan.WlanEnumInterfaces(h.value, null, new Ref<>());
                    Thread.sleep(5);
                }
                assertEquals(Win32Error.RPC_S_SERVER_UNAVAILABLE.code(), rc);
                assertEquals(0, wlan.WlanCloseHandle(h.value, null));
                assertEquals(Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(),
                        wlan.WlanOpenHandle(2, null, new IntRef(), new LongRef()));
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
