package io.teardown.wlan.engine;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link WlanTransport} on plain JDK sockets, so the engine is tested without any backend. */
final class SocketWlanTransport implements WlanTransport {
    @Override
    public Channel connect(InetSocketAddress address, Duration timeout, Listener listener) throws IOException {
        Socket s = new Socket();
        s.connect(address, (int) timeout.toMillis());
        s.setTcpNoDelay(true);
        if (s.getLocalSocketAddress().equals(s.getRemoteSocketAddress())) {
            s.close();
            throw new java.net.ConnectException("self-connect: nothing listens at " + address);
        }
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                listener.closed();
            }
        };
        Thread reader = new Thread(() -> {
            try (DataInputStream in = new DataInputStream(s.getInputStream())) {
                for (;;) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    listener.frame(frame);
                }
            } catch (IOException e) {
                end.run();
            }
        }, "test-wlan-reader");
        reader.setDaemon(true);
        reader.start();
        OutputStream out = s.getOutputStream();
        return new Channel() {
            @Override
            public void send(byte[] frame) {
                try {
                    synchronized (out) {
                        out.write(frame);
                        out.flush();
                    }
                } catch (IOException e) {
                    close();
                }
            }

            @Override
            public void close() {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
                try {
                    reader.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                end.run();
            }
        };
    }
}
