package io.teardown.backend.netty.winsock;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.teardown.winsock.engine.DatagramPort;
import java.net.InetSocketAddress;

/** A bound UDP channel. */
final class NettyDatagramPort implements DatagramPort {
    private final Channel channel;

    NettyDatagramPort(Channel channel) {
        this.channel = channel;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void send(byte[] data, InetSocketAddress to) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), to));
    }

    @Override
    public void close() {
        channel.close();
    }
}
