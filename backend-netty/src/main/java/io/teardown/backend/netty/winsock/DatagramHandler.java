package io.teardown.backend.netty.winsock;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.teardown.winsock.engine.DatagramEvents;

/** Hands received datagrams to the engine as byte arrays (copied, so no buffer outlives the event loop). */
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final DatagramEvents events;

    DatagramHandler(DatagramEvents events) {
        this.events = events;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
        events.received(ByteBufUtil.getBytes(msg.content()), msg.sender());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP errors and the like: UDP reports nothing to a receiver; the datagram is simply lost.
    }
}
