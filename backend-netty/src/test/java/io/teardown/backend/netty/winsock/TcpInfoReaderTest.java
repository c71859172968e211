package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import io.teardown.testkit.hardening.ResourceProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WS-06's acknowledgement reading from many threads at once, as thousands of lingering closes and the
 * linger watcher make it: every reader sees its own socket's pending data, whoever else reads at the
 * same time. The shared buffers were once slices of one array, and Netty's native call copies a whole
 * array back: a concurrent reader's slice was overwritten with what it held before its call, read as
 * "nothing pending", and its close went out gracefully (a FIN where the peer must see an RST).
 */
@Timeout(60)
class TcpInfoReaderTest {
    private static final int CONNECTIONS = 16;
    private static final int READERS = 8;
    private static final int READS = 2_000;

    @Test
    void WS_06_concurrentReadersEachSeeTheirOwnSocketsPendingData() throws Exception {
        assumeTrue(Epoll.isAvailable(), "TCP_INFO is read on epoll only");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        List<Channel> channels = new ArrayList<>();
        List<java.net.Socket> peers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096); // a small window: the data stays in the sender's kernel
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CONNECTIONS);
            Bootstrap b = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // nothing read, nothing handled: only the kernel's counts matter here
                        }
                    });
            for (int i = 0; i < CONNECTIONS; i++) {
                Channel ch = b.connect(server.getLocalSocketAddress()).sync().channel();
                channels.add(ch);
                peers.add(server.accept()); // never read
                ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[1 << 20]));
            }
            for (Channel ch : channels) {
                assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10), () -> pending(ch) > 0),
                        "the kernel holds data the peer has not acknowledged");
            }
            AtomicInteger zero = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                int first = r;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < READS; i++) {
                            if (pending(channels.get((first + i) % CONNECTIONS)) == 0) {
                                zero.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                t.start();
                readers.add(t);
            }
            start.countDown();
            for (Thread t : readers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertEquals(null, failure.get());
            assertEquals(0, zero.get(), "readings of \"nothing pending\" on sockets whose peer reads nothing");
        } finally {
            for (Channel ch : channels) {
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            for (java.net.Socket p : peers) {
                p.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static long pending(Channel ch) {
        try {
            return TcpInfoReader.pending((Socket) ((EpollSocketChannel) ch).fd());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
