package io.teardown.wininet.engine;

import io.teardown.wininet.WinInet;

/**
 * The settable DWORD options of one handle, copied from its parent when it is created (as WinINet
 * does: setting an option on a parent later does not change existing children). Defaults are
 * Windows': 60 s to connect, 30 s to send or receive.
 */
final class Options {
    volatile int connectTimeout = 60_000;
    volatile int connectRetries = 5;
    volatile int sendTimeout = 30_000;
    volatile int receiveTimeout = 30_000;
    volatile int dataSendTimeout = 30_000;
    volatile int dataReceiveTimeout = 30_000;
    volatile int securityFlags;

    Options copy() {
        Options o = new Options();
        o.connectTimeout = connectTimeout;
        o.connectRetries = connectRetries;
        o.sendTimeout = sendTimeout;
        o.receiveTimeout = receiveTimeout;
        o.dataSendTimeout = dataSendTimeout;
        o.dataReceiveTimeout = dataReceiveTimeout;
        o.securityFlags = securityFlags;
        return o;
    }

    /** Whether {@code option} is a DWORD held here. */
    static boolean isDword(int option) {
        switch (option) {
            case WinInet.INTERNET_OPTION_CONNECT_TIMEOUT:
            case WinInet.INTERNET_OPTION_CONNECT_RETRIES:
            case WinInet.INTERNET_OPTION_SEND_TIMEOUT:
            case WinInet.INTERNET_OPTION_RECEIVE_TIMEOUT:
            case WinInet.INTERNET_OPTION_DATA_SEND_TIMEOUT:
            case WinInet.INTERNET_OPTION_DATA_RECEIVE_TIMEOUT:
            case WinInet.INTERNET_OPTION_SECURITY_FLAGS:
                return true;
            default:
                return false;
        }
    }

    int get(int option) {
        switch (option) {
            case WinInet.INTERNET_OPTION_CONNECT_TIMEOUT: return connectTimeout;
            case WinInet.INTERNET_OPTION_CONNECT_RETRIES: return connectRetries;
            case WinInet.INTERNET_OPTION_SEND_TIMEOUT: return sendTimeout;
            case WinInet.INTERNET_OPTION_RECEIVE_TIMEOUT: return receiveTimeout;
            case WinInet.INTERNET_OPTION_DATA_SEND_TIMEOUT: return dataSendTimeout;
            case WinInet.INTERNET_OPTION_DATA_RECEIVE_TIMEOUT: return dataReceiveTimeout;
            case WinInet.INTERNET_OPTION_SECURITY_FLAGS: return securityFlags;
            default: throw new IllegalArgumentException("option " + option);
        }
    }

    void set(int option, int value) {
        switch (option) {
            case WinInet.INTERNET_OPTION_CONNECT_TIMEOUT: connectTimeout = value; break;
            case WinInet.INTERNET_OPTION_CONNECT_RETRIES: connectRetries = value; break;
            case WinInet.INTERNET_OPTION_SEND_TIMEOUT: sendTimeout = value; break;
            case WinInet.INTERNET_OPTION_RECEIVE_TIMEOUT: receiveTimeout = value; break;
            case WinInet.INTERNET_OPTION_DATA_SEND_TIMEOUT: dataSendTimeout = value; break;
            case WinInet.INTERNET_OPTION_DATA_RECEIVE_TIMEOUT: dataReceiveTimeout = value; break;
            case WinInet.INTERNET_OPTION_SECURITY_FLAGS: securityFlags = value; break;
            default: throw new IllegalArgumentException("option " + option);
        }
    }
}
