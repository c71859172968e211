package io.teardown.backend.netty.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.testkit.hardening.HandleSecurityContract;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.engine.WlanProtocol;
import io.teardown.wlan.service.WlanService;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Handle values as an attack surface (KO-03, KO-11) on the Netty backend, and the embedded WLAN service's own
 * guard, which only this backend has: it listens on loopback only and drops every client that does not
 * present its secret (WL-04).
 */
class NettyHandleSecurityTest extends HandleSecurityContract {
    @Test
    void WL_04_theServiceListensOnLoopbackOnlyAndDropsClientsWithoutTheSecret() throws Exception {
        try (Session s = Session.builder().backend("netty").leakTracking(LeakTracking.OFF).build()) {
            WlanService service = WlanService.embedded(s);
            service.addInterface("Guarded Wi-Fi");
            WlanApi wlan = WlanApi.of(s);
            LongRef h = new LongRef();
            assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h)); // starts the service
            WlanService.Endpoint at = service.endpoint().orElseThrow();
            assertTrue(at.address().getAddress().isLoopbackAddress(), "bound to loopback: " + at.address());
            byte[] wrong = new byte[32];
            List<byte[]> attacks = List.of(
                    frame(w -> w.writeInt(-1)),                                             // absurd length
                    frame(w -> w.writeInt(WlanProtocol.MAX_FRAME + 1)),                      // too long
                    frame(w -> { w.writeInt(5); w.writeByte(WlanProtocol.SCAN); w.writeInt(1); }), // no HELLO first
                    frame(w -> { w.writeInt(5 + 4 + 4 + 32); w.writeByte(WlanProtocol.HELLO); w.writeInt(1);
                        w.writeInt(2); w.writeInt(32); w.write(wrong); }),                  // wrong secret
                    frame(w -> { w.writeInt(5 + 4); w.writeByte(WlanProtocol.HELLO); w.writeInt(1); w.writeInt(2); }),
                    "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int clients = service.clients();
            for (byte[] attack : attacks) {
                try (Socket raw = new Socket(at.address().getAddress(), at.address().getPort())) {
                    raw.setSoTimeout(5_000);
                    raw.getOutputStream().write(attack);
                    raw.getOutputStream().flush();
                    assertTrue(dropped(raw.getInputStream()), "the service drops a client without the secret");
                }
                assertEquals(0, wlan.WlanEnumInterfaces(h.value, null, new Ref<>()), "legitimate clients still served");
            }
            assertEquals(clients, service.clients(), "no attacker became a client");
            assertEquals(0, wlan.WlanCloseHandle(h.value, null));
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws Exception;
    }

    private static byte[] frame(Writer w) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        }
        return bytes.toByteArray();
    }

    /** Whether the peer closed or reset the connection (anything it sent before is read and ignored). */
    private static boolean dropped(InputStream in) {
        try {
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // a REPLY refusing the HELLO may come first
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
    }
}
