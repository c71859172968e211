package io.teardown.benchmarks.winsock;

import io.teardown.benchmarks.stats.ThreadStats;
import io.teardown.benchmarks.winsock.EchoServers.Client;
import io.teardown.benchmarks.winsock.EchoServers.Server;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an echo round trip spends its thread wake-ups, per server of {@link IocpEchoBenchmark}: one JDK
 * client echoes {@code BYTES} {@code N} times through each server in turn, and the harness prints
 * throughput, latency and voluntary context switches per round trip, for the whole JVM and for each
 * kind of thread (the client is {@code main}; Teardown's server is its event loops plus
 * {@code iocp-worker}s; raw Netty's is its event loops; the JDK server's is a {@code jdk-peer} thread per
 * connection). Wake-ups move far less with the machine's load than throughput does. Not a JMH benchmark.
 *
 * <pre>java -cp benchmarks.jar io.teardown.benchmarks.winsock.IocpWakeups BYTES N ROUNDS [churn]</pre>
 *
 * <p>With {@code churn}, each operation is {@link IocpChurnBenchmark}'s: connect, echo {@code BYTES},
 * close (the server's {@code AcceptEx} completion, its socket's setup and close included).
 */
public final class IocpWakeups {

    private IocpWakeups() {
    }

    /** {@code BYTES N ROUNDS [churn]}. */
    public static void main(String[] args) throws Exception {
        int bytes = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        boolean churn = args.length > 3 && args[3].equals("churn");
        byte[] payload = new byte[bytes];
        byte[] back = new byte[bytes];
        EchoServers servers = new EchoServers();
        servers.start();
        Map<Server, Client> clients = new EnumMap<>(Server.class);
        try {
            if (!churn) {
                for (Server s : Server.values()) {
                    clients.put(s, new Client(servers.address(s)));
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (Server s : Server.values()) {
                    if (churn) {
                        measure(s + " churn " + bytes + " B", () -> {
                            try (Client c = new Client(servers.address(s))) {
                                return c.echo(payload, back);
                            }
                        }, n);
                    } else {
                        Client c = clients.get(s);
                        measure(s + " " + bytes + " B", () -> c.echo(payload, back), n);
                    }
                }
            }
        } finally {
            for (Client c : clients.values()) {
                c.close();
            }
            servers.stop();
        }
    }

    interface Op {
        int call() throws Exception;
    }

    static void measure(String name, Op op, int n) throws Exception {
        long[] latency = new long[n];
        Map<String, Long> before = ThreadStats.switchesByThread();
        ThreadStats.Sample counters = ThreadStats.Sample.now();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            op.call();
            latency[i] = System.nanoTime() - t;
        }
        long wall = System.nanoTime() - start;
        Map<String, Long> after = ThreadStats.switchesByThread();
        ThreadStats.Sample d = ThreadStats.Sample.now().minus(counters);
        Arrays.sort(latency);
        System.out.printf("%-26s %8.0f ops/s  p50 %7.1f us  p90 %7.1f us  vol-cs/op %5.2f  process cpu/op %6.1f us%n",
                name, n * 1e9 / wall, latency[n / 2] / 1e3, latency[n * 9 / 10] / 1e3, d.switches() / (double) n,
                d.processCpu() / 1e3 / n);
        StringBuilder sb = new StringBuilder("    wake-ups per round trip by thread:");
        new TreeMap<>(after).forEach((k, v) -> {
            double per = (v - before.getOrDefault(k, 0L)) / (double) n;
            if (per >= 0.05) {
                sb.append(String.format("  %s %.2f", k, per));
            }
        });
        System.out.println(sb);
    }
}
