package io.teardown.winsock.engine;

/**
 * The options a TCP connection starts with.
 *
 * @param sendBuffer    {@code SO_SNDBUF} bytes: the kernel send buffer and the transport's queue limit
 * @param receiveBuffer {@code SO_RCVBUF} bytes
 * @param noDelay       {@code TCP_NODELAY}
 */
public record StreamOptions(int sendBuffer, int receiveBuffer, boolean noDelay) {
}
