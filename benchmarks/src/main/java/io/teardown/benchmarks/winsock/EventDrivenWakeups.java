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
 * <pre>java -cp benchmarks.jar io.teardown.benchmarks.winsock.EventDrivenWakeups BYTES N ROUNDS [shared]</pre>
 *
 * <p>With {@code shared}, both Teardown servers run in one session: each server's thread then sleeps
 * (in {@code WSAWaitForMultipleEvents}, in {@code SleepEx}) while the other one's events are set, which
 * shows whether a change of one object wakes threads waiting on others (docs/kernel-objects.md,
 * "Dispatcher").
 */
public final class EventDrivenWakeups {

    private EventDrivenWakeups() {
    }

    /** {@code BYTES N ROUNDS [shared]}. */
    public static void main(String[] args) throws Exception {
        int bytes = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        byte[] payload = new byte[bytes];
        byte[] back = new byte[bytes];
        boolean shared = args.length > 3 && args[3].equals("shared");
        // A session each by default, so that each shape is measured alone.
        try (Session one = Session.open();
             Session other = shared ? null : Session.open();
             NettyEchoServer netty = new NettyEchoServer();
             EventDrivenEchoServers.EventSelect eventSelect = new EventDrivenEchoServers.EventSelect(one);
             EventDrivenEchoServers.CompletionRoutines routines =
                     new EventDrivenEchoServers.CompletionRoutines(shared ? one : other);
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
