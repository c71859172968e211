package io.teardown.benchmarks.winsock;

import io.teardown.api.Session;
import io.teardown.benchmarks.winsock.EchoServers.Client;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@link IocpWakeups}' companion for the other two event-driven shapes of issue 20: one JDK client
 * echoes {@code BYTES} {@code N} times through Teardown's {@code WSAEventSelect} server, its
 * completion-routine server ({@link EventDrivenEchoServers}) and raw Netty's echo server in turn, and
 * the harness prints throughput, latency, voluntary context switches per round trip (by thread) and
 * process CPU per round trip. Not a JMH benchmark.
 *
 * <pre>java -cp benchmarks.jar io.teardown.benchmarks.winsock.EventDrivenWakeups BYTES N ROUNDS</pre>
 */
public final class EventDrivenWakeups {

    private EventDrivenWakeups() {
    }

    /** {@code BYTES N ROUNDS}. */
    public static void main(String[] args) throws Exception {
        int bytes = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        byte[] payload = new byte[bytes];
        byte[] back = new byte[bytes];
        // A session each: one session's waits share its dispatcher, and an idle server would wake for the
        // other's events (a cost of its own, not of the shape measured).
        try (Session one = Session.open();
             Session other = Session.open();
             NettyEchoServer netty = new NettyEchoServer();
             EventDrivenEchoServers.EventSelect eventSelect = new EventDrivenEchoServers.EventSelect(one);
             EventDrivenEchoServers.CompletionRoutines routines = new EventDrivenEchoServers.CompletionRoutines(other);
             Client toEventSelect = new Client(eventSelect.address());
             Client toRoutines = new Client(routines.address());
             Client toNetty = new Client(new InetSocketAddress(InetAddress.getLoopbackAddress(), netty.port()))) {
            for (int r = 0; r < rounds; r++) {
                IocpWakeups.measure("WSAEVENTSELECT " + bytes + " B", () -> toEventSelect.echo(payload, back), n);
                IocpWakeups.measure("COMPLETION_ROUTINES " + bytes + " B", () -> toRoutines.echo(payload, back), n);
                IocpWakeups.measure("RAW_NETTY " + bytes + " B", () -> toNetty.echo(payload, back), n);
            }
        }
    }
}
