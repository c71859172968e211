package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.READ_TIMEOUT;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.winsock.JdkPeer.Ending;
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, a failed network subsystem (WS-13, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): calls fail with {@code
 * WSAENETDOWN} while the fault is injected, through the flat facade {@link Ws2_32} only, against independent
 * peers written with plain JDK sockets ({@link JdkPeer}). Each backend runs this class from its tests; the
 * Netty backend runs it once per transport (epoll and forced NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class NetworkDownContract {
    /** For JUnit and subclasses. */
    public NetworkDownContract() {
    }

    /** WS-13: with the network down calls fail with WSAENETDOWN; closesocket still releases. */
    @TestTemplate
    public void WS_13_networkDownFailsCallsWithNetDown(TestBackend b) throws Exception {
        Session session = b.session();
        WinsockFaultInjection faults = WinsockFaultInjection.of(session);
        Assumptions.assumeTrue(faults.supported(), "this backend cannot take the network down");
        Ws2_32 ws = started(session);
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            faults.networkDown(true);
            try {
                assertEquals(INVALID_SOCKET, ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
                assertEquals(Win32Error.WSAENETDOWN.code(), ws.WSAGetLastError());
                fails(ws, ws.send(s, new byte[1], 1, 0), Win32Error.WSAENETDOWN, "send");
                fails(ws, ws.recv(s, new byte[1], 1, 0), Win32Error.WSAENETDOWN, "recv");
            } finally {
                faults.networkDown(false);
            }
            assertEquals(1, ws.send(s, new byte[] {Payload.at(0)}, 1, 0), "works again");
            assertEquals(0, ws.closesocket(s));
            assertEquals(Ending.EOF, JdkPeer.observe(p, READ_TIMEOUT).ending());
        }
    }
}
