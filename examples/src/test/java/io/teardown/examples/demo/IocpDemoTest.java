package io.teardown.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code teardown demo iocp} on the default backend: every client got its echo, and every
 * operation pending at shutdown printed its aborted completion exactly once with its status.
 */
class IocpDemoTest {
    @Test
    @Timeout(60)
    void servesClientsThenPrintsEveryAbortedCompletionOnce() throws Exception {
        StringWriter text = new StringWriter();
        try {
            new IocpDemo().run(new PrintWriter(text));
        } finally {
            System.out.println(text);
        }
        String out = text.toString();
        assertTrue(Demos.named("iocp").isPresent());
        for (int i = 0; i < IocpDemo.CLIENTS; i++) {
            String hello = "\"hello from client " + i + "\"";
            assertTrue(out.lines().anyMatch(l -> l.startsWith("java.net.Socket ") && l.indexOf(hello) != l.lastIndexOf(hello)),
                    "client echoed: " + out);
        }
        String header = out.lines().filter(l -> l.startsWith("operation")).findFirst().orElseThrow();
        int statusColumn = header.indexOf("status");
        List<String> accepts = out.lines().filter(l -> l.startsWith("AcceptEx ")).toList();
        List<String> recvs = out.lines().filter(l -> l.startsWith("WSARecv ")).toList();
        assertEquals(IocpDemo.ACCEPTS, accepts.size(), out);
        assertEquals(IocpDemo.CLIENTS, recvs.size(), out);
        Set<String> sockets = new HashSet<>();
        for (String row : accepts) {
            assertTrue(row.startsWith("995 ERROR_OPERATION_ABORTED", statusColumn), row);
            assertTrue(row.trim().endsWith(" 0"), "0 bytes: " + row);
            assertTrue(sockets.add(row.split("\\s+")[1]), "once per AcceptEx: " + row);
        }
        for (String row : recvs) {
            assertTrue(row.startsWith("1236 ERROR_CONNECTION_ABORTED", statusColumn), row);
            assertTrue(row.trim().endsWith(" 0"), "0 bytes: " + row);
            assertTrue(sockets.add(row.split("\\s+")[1]), "once per connection: " + row);
        }
        assertTrue(out.contains("PostQueuedCompletionStatus") && out.contains("no leaks"), out);
    }
}
