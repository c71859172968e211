package io.teardown.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Windows error code with its exact number from {@code winerror.h}, {@code winsock2.h} and
 * {@code wininet.h}, and the message text {@code FormatMessage} gives for it (English).
 *
 * <p>Both backends report these same numbers for the same situation (every rule, KO-01 … WL-08). Winsock's
 * aliases of plain Win32 codes ({@code WSA_IO_PENDING} = {@link #ERROR_IO_PENDING},
 * {@code WSA_OPERATION_ABORTED} = {@link #ERROR_OPERATION_ABORTED}, {@code WSA_INVALID_HANDLE} =
 * {@link #ERROR_INVALID_HANDLE}, {@code WSA_INVALID_PARAMETER} = {@link #ERROR_INVALID_PARAMETER})
 * are the same constant here, because they are the same number on Windows.
 */
public enum Win32Error {
    /** 0: The operation completed successfully. */
    ERROR_SUCCESS(0, "The operation completed successfully."),
    /** 1: Incorrect function. */
    ERROR_INVALID_FUNCTION(1, "Incorrect function."),
    /** 2: The system cannot find the file specified. */
    ERROR_FILE_NOT_FOUND(2, "The system cannot find the file specified."),
    /** 3: The system cannot find the path specified. */
    ERROR_PATH_NOT_FOUND(3, "The system cannot find the path specified."),
    /** 4: The system cannot open the file. */
    ERROR_TOO_MANY_OPEN_FILES(4, "The system cannot open the file."),
    /** 5: Access is denied. */
    ERROR_ACCESS_DENIED(5, "Access is denied."),
    /** 6: The handle is invalid. */
    ERROR_INVALID_HANDLE(6, "The handle is invalid."),
    /** 8: Not enough memory resources are available to process this command. */
    ERROR_NOT_ENOUGH_MEMORY(8, "Not enough memory resources are available to process this command."),
    /** 13: The data is invalid. */
    ERROR_INVALID_DATA(13, "The data is invalid."),
    /** 14: Not enough memory resources are available to complete this operation. */
    ERROR_OUTOFMEMORY(14, "Not enough memory resources are available to complete this operation."),
    /** 18: There are no more files. */
    ERROR_NO_MORE_FILES(18, "There are no more files."),
    /** 21: The device is not ready. */
    ERROR_NOT_READY(21, "The device is not ready."),
    /** 22: The device does not recognize the command. */
    ERROR_BAD_COMMAND(22, "The device does not recognize the command."),
    /** 24: The program issued a command but the command length is incorrect. */
    ERROR_BAD_LENGTH(24, "The program issued a command but the command length is incorrect."),
    /** 29: The system cannot write to the specified device. */
    ERROR_WRITE_FAULT(29, "The system cannot write to the specified device."),
    /** 30: The system cannot read from the specified device. */
    ERROR_READ_FAULT(30, "The system cannot read from the specified device."),
    /** 31: A device attached to the system is not functioning ({@code QueueUserAPC} to an ended thread). */
    ERROR_GEN_FAILURE(31, "A device attached to the system is not functioning."),
    /** 32: The process cannot access the file because it is being used by another process. */
    ERROR_SHARING_VIOLATION(32, "The process cannot access the file because it is being used by another process."),
    /** 38: Reached the end of the file. */
    ERROR_HANDLE_EOF(38, "Reached the end of the file."),
    /** 50: The request is not supported. */
    ERROR_NOT_SUPPORTED(50, "The request is not supported."),
    /** 64: The specified network name is no longer available. */
    ERROR_NETNAME_DELETED(64, "The specified network name is no longer available."),
    /** 80: The file exists. */
    ERROR_FILE_EXISTS(80, "The file exists."),
    /** 87: The parameter is incorrect. */
    ERROR_INVALID_PARAMETER(87, "The parameter is incorrect."),
    /** 109: The pipe has been ended. */
    ERROR_BROKEN_PIPE(109, "The pipe has been ended."),
    /** 120: This function is not supported on this system. */
    ERROR_CALL_NOT_IMPLEMENTED(120, "This function is not supported on this system."),
    /** 121: The semaphore timeout period has expired. */
    ERROR_SEM_TIMEOUT(121, "The semaphore timeout period has expired."),
    /** 122: The data area passed to a system call is too small. */
    ERROR_INSUFFICIENT_BUFFER(122, "The data area passed to a system call is too small."),
    /** 123: The filename, directory name, or volume label syntax is incorrect. */
    ERROR_INVALID_NAME(123, "The filename, directory name, or volume label syntax is incorrect."),
    /** 131: An attempt was made to move the file pointer before the beginning of the file. */
    ERROR_NEGATIVE_SEEK(131, "An attempt was made to move the file pointer before the beginning of the file."),
    /** 160: One or more arguments are not correct. */
    ERROR_BAD_ARGUMENTS(160, "One or more arguments are not correct."),
    /** 161: The specified path is invalid. */
    ERROR_BAD_PATHNAME(161, "The specified path is invalid."),
    /** 170: The requested resource is in use. */
    ERROR_BUSY(170, "The requested resource is in use."),
    /** 183: Cannot create a file when that file already exists. */
    ERROR_ALREADY_EXISTS(183, "Cannot create a file when that file already exists."),
    /**
     * 192 ({@code WAIT_IO_COMPLETION}): an alertable wait ran queued APCs ({@code GetQueuedCompletionStatusEx}
     * reports it as its last error; KO-16).
     */
    WAIT_IO_COMPLETION(192, "The wait was ended by one or more user-mode asynchronous procedure calls (APC) queued to the thread."),
    /** 231: All pipe instances are busy. */
    ERROR_PIPE_BUSY(231, "All pipe instances are busy."),
    /** 232: The pipe is being closed. */
    ERROR_NO_DATA(232, "The pipe is being closed."),
    /** 233: No process is on the other end of the pipe. */
    ERROR_PIPE_NOT_CONNECTED(233, "No process is on the other end of the pipe."),
    /** 234: More data is available. */
    ERROR_MORE_DATA(234, "More data is available."),
    /** 258: The wait operation timed out. */
    WAIT_TIMEOUT(258, "The wait operation timed out."),
    /** 259: No more data is available. */
    ERROR_NO_MORE_ITEMS(259, "No more data is available."),
    /** 288: Attempt to release mutex not owned by caller. */
    ERROR_NOT_OWNER(288, "Attempt to release mutex not owned by caller."),
    /** 298: Too many posts were made to a semaphore. */
    ERROR_TOO_MANY_POSTS(298, "Too many posts were made to a semaphore."),
    /** 487: Attempt to access invalid address ({@code UnmapViewOfFile} of something that is not a view). */
    ERROR_INVALID_ADDRESS(487, "Attempt to access invalid address."),
    /** 535: There is a process on other end of the pipe. */
    ERROR_PIPE_CONNECTED(535, "There is a process on other end of the pipe."),
    /** 536: Waiting for a process to open the other end of the pipe. */
    ERROR_PIPE_LISTENING(536, "Waiting for a process to open the other end of the pipe."),
    /** 735: Abandoned Wait The wait was satisfied because a mutex was abandoned. */
    ERROR_ABANDONED_WAIT_0(735, "{Abandoned Wait} The wait was satisfied because a mutex was abandoned."),
    /** 995: The I/O operation has been aborted because of either a thread exit or an application request. */
    ERROR_OPERATION_ABORTED(995, "The I/O operation has been aborted because of either a thread exit or an application request."),
    /** 996: Overlapped I/O event is not in a signaled state. */
    ERROR_IO_INCOMPLETE(996, "Overlapped I/O event is not in a signaled state."),
    /** 997: Overlapped I/O operation is in progress. */
    ERROR_IO_PENDING(997, "Overlapped I/O operation is in progress."),
    /** 998: Invalid access to memory location. */
    ERROR_NOACCESS(998, "Invalid access to memory location."),
    /** 1004: Invalid flags. */
    ERROR_INVALID_FLAGS(1004, "Invalid flags."),
    /** 1062: The service has not been started. */
    ERROR_SERVICE_NOT_ACTIVE(1062, "The service has not been started."),
    /** 1131: A potential deadlock condition has been detected. */
    ERROR_POSSIBLE_DEADLOCK(1131, "A potential deadlock condition has been detected."),
    /** 1132: The base address or the file offset specified does not have the proper alignment. */
    ERROR_MAPPED_ALIGNMENT(1132, "The base address or the file offset specified does not have the proper alignment."),
    /** 1168: Element not found. */
    ERROR_NOT_FOUND(1168, "Element not found."),
    /** 1225: The remote computer refused the network connection. */
    ERROR_CONNECTION_REFUSED(1225, "The remote computer refused the network connection."),
    /** 1231: The network location cannot be reached. */
    ERROR_NETWORK_UNREACHABLE(1231, "The network location cannot be reached."),
    /** 1232: The network location cannot be reached (host). */
    ERROR_HOST_UNREACHABLE(1232, "The network location cannot be reached."),
    /** 1236: The network connection was aborted by the local system. */
    ERROR_CONNECTION_ABORTED(1236, "The network connection was aborted by the local system."),
    /** 1450: Insufficient system resources exist to complete the requested service. */
    ERROR_NO_SYSTEM_RESOURCES(1450, "Insufficient system resources exist to complete the requested service."),
    /** 1460: This operation returned because the timeout period expired. */
    ERROR_TIMEOUT(1460, "This operation returned because the timeout period expired."),
    /** 1702: The binding handle is invalid. */
    RPC_S_INVALID_BINDING(1702, "The binding handle is invalid."),
    /** 1722: The RPC server is unavailable. */
    RPC_S_SERVER_UNAVAILABLE(1722, "The RPC server is unavailable."),
    /** 1726: The remote procedure call failed. */
    RPC_S_CALL_FAILED(1726, "The remote procedure call failed."),
    /** 5023: The group or resource is not in the correct state to perform the requested operation. */
    ERROR_INVALID_STATE(5023, "The group or resource is not in the correct state to perform the requested operation."),
    /** 6701: The requested operation was made in the context of a transaction that is no longer active. */
    ERROR_TRANSACTION_NOT_ACTIVE(6701, "The requested operation was made in the context of a transaction that is no longer active."),
    /** 6704: It is too late to perform the requested operation, since the Transaction has already been aborted. */
    ERROR_TRANSACTION_ALREADY_ABORTED(6704, "It is too late to perform the requested operation, since the Transaction has already been aborted."),
    /** 6705: It is too late to perform the requested operation, since the Transaction has already been committed. */
    ERROR_TRANSACTION_ALREADY_COMMITTED(6705, "It is too late to perform the requested operation, since the Transaction has already been committed."),
    /** 10004: A blocking operation was interrupted by a call to WSACancelBlockingCall. */
    WSAEINTR(10004, "A blocking operation was interrupted by a call to WSACancelBlockingCall."),
    /** 10009: The file handle supplied is not valid. */
    WSAEBADF(10009, "The file handle supplied is not valid."),
    /** 10013: An attempt was made to access a socket in a way forbidden by its access permissions. */
    WSAEACCES(10013, "An attempt was made to access a socket in a way forbidden by its access permissions."),
    /** 10014: The system detected an invalid pointer address in attempting to use a pointer argument in a call. */
    WSAEFAULT(10014, "The system detected an invalid pointer address in attempting to use a pointer argument in a call."),
    /** 10022: An invalid argument was supplied. */
    WSAEINVAL(10022, "An invalid argument was supplied."),
    /** 10024: Too many open sockets. */
    WSAEMFILE(10024, "Too many open sockets."),
    /** 10035: A non-blocking socket operation could not be completed immediately. */
    WSAEWOULDBLOCK(10035, "A non-blocking socket operation could not be completed immediately."),
    /** 10036: A blocking operation is currently executing. */
    WSAEINPROGRESS(10036, "A blocking operation is currently executing."),
    /** 10037: An operation was attempted on a non-blocking socket that already had an operation in progress. */
    WSAEALREADY(10037, "An operation was attempted on a non-blocking socket that already had an operation in progress."),
    /** 10038: An operation was attempted on something that is not a socket. */
    WSAENOTSOCK(10038, "An operation was attempted on something that is not a socket."),
    /** 10039: A required address was omitted from an operation on a socket. */
    WSAEDESTADDRREQ(10039, "A required address was omitted from an operation on a socket."),
    /** 10040: A message sent on a datagram socket was larger than the internal message buffer or some other network limit, or the buffer used to receive a datagram into was smaller than the datagram itself. */
    WSAEMSGSIZE(10040, "A message sent on a datagram socket was larger than the internal message buffer or some other network limit, or the buffer used to receive a datagram into was smaller than the datagram itself."),
    /** 10041: A protocol was specified in the socket function call that does not support the semantics of the socket type requested. */
    WSAEPROTOTYPE(10041, "A protocol was specified in the socket function call that does not support the semantics of the socket type requested."),
    /** 10042: An unknown, invalid, or unsupported option or level was specified in a getsockopt or setsockopt call. */
    WSAENOPROTOOPT(10042, "An unknown, invalid, or unsupported option or level was specified in a getsockopt or setsockopt call."),
    /** 10043: The requested protocol has not been configured into the system, or no implementation for it exists. */
    WSAEPROTONOSUPPORT(10043, "The requested protocol has not been configured into the system, or no implementation for it exists."),
    /** 10044: The support for the specified socket type does not exist in this address family. */
    WSAESOCKTNOSUPPORT(10044, "The support for the specified socket type does not exist in this address family."),
    /** 10045: The attempted operation is not supported for the type of object referenced. */
    WSAEOPNOTSUPP(10045, "The attempted operation is not supported for the type of object referenced."),
    /** 10046: The protocol family has not been configured into the system or no implementation for it exists. */
    WSAEPFNOSUPPORT(10046, "The protocol family has not been configured into the system or no implementation for it exists."),
    /** 10047: An address incompatible with the requested protocol was used. */
    WSAEAFNOSUPPORT(10047, "An address incompatible with the requested protocol was used."),
    /** 10048: Only one usage of each socket address (protocol/network address/port) is normally permitted. */
    WSAEADDRINUSE(10048, "Only one usage of each socket address (protocol/network address/port) is normally permitted."),
    /** 10049: The requested address is not valid in its context. */
    WSAEADDRNOTAVAIL(10049, "The requested address is not valid in its context."),
    /** 10050: A socket operation encountered a dead network. */
    WSAENETDOWN(10050, "A socket operation encountered a dead network."),
    /** 10051: A socket operation was attempted to an unreachable network. */
    WSAENETUNREACH(10051, "A socket operation was attempted to an unreachable network."),
    /** 10052: The connection has been broken due to keep-alive activity detecting a failure while the operation was in progress. */
    WSAENETRESET(10052, "The connection has been broken due to keep-alive activity detecting a failure while the operation was in progress."),
    /** 10053: An established connection was aborted by the software in your host machine. */
    WSAECONNABORTED(10053, "An established connection was aborted by the software in your host machine."),
    /** 10054: An existing connection was forcibly closed by the remote host. */
    WSAECONNRESET(10054, "An existing connection was forcibly closed by the remote host."),
    /** 10055: An operation on a socket could not be performed because the system lacked sufficient buffer space or because a queue was full. */
    WSAENOBUFS(10055, "An operation on a socket could not be performed because the system lacked sufficient buffer space or because a queue was full."),
    /** 10056: A connect request was made on an already connected socket. */
    WSAEISCONN(10056, "A connect request was made on an already connected socket."),
    /** 10057: A request to send or receive data was disallowed because the socket is not connected and (when sending on a datagram socket using a sendto call) no address was supplied. */
    WSAENOTCONN(10057, "A request to send or receive data was disallowed because the socket is not connected and (when sending on a datagram socket using a sendto call) no address was supplied."),
    /** 10058: A request to send or receive data was disallowed because the socket had already been shut down in that direction with a previous shutdown call. */
    WSAESHUTDOWN(10058, "A request to send or receive data was disallowed because the socket had already been shut down in that direction with a previous shutdown call."),
    /** 10060: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond. */
    WSAETIMEDOUT(10060, "A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond."),
    /** 10061: No connection could be made because the target machine actively refused it. */
    WSAECONNREFUSED(10061, "No connection could be made because the target machine actively refused it."),
    /** 10065: A socket operation was attempted to an unreachable host. */
    WSAEHOSTUNREACH(10065, "A socket operation was attempted to an unreachable host."),
    /** 10091: WSAStartup cannot function at this time because the underlying system it uses to provide network services is currently unavailable. */
    WSASYSNOTREADY(10091, "WSAStartup cannot function at this time because the underlying system it uses to provide network services is currently unavailable."),
    /** 10092: The Windows Sockets version requested is not supported. */
    WSAVERNOTSUPPORTED(10092, "The Windows Sockets version requested is not supported."),
    /** 10093: Either the application has not called WSAStartup, or WSAStartup failed. */
    WSANOTINITIALISED(10093, "Either the application has not called WSAStartup, or WSAStartup failed."),
    /** 10101: A graceful shutdown is in progress. */
    WSAEDISCON(10101, "A graceful shutdown is in progress."),
    /** 11001: No such host is known. */
    WSAHOST_NOT_FOUND(11001, "No such host is known."),
    /** 12001: No more handles could be generated at this time. */
    ERROR_INTERNET_OUT_OF_HANDLES(12001, "No more handles could be generated at this time."),
    /** 12002: The operation timed out. */
    ERROR_INTERNET_TIMEOUT(12002, "The operation timed out."),
    /** 12003: An extended error was returned from the server. */
    ERROR_INTERNET_EXTENDED_ERROR(12003, "An extended error was returned from the server."),
    /** 12004: An internal error occurred. */
    ERROR_INTERNET_INTERNAL_ERROR(12004, "An internal error occurred."),
    /** 12005: The URL is invalid. */
    ERROR_INTERNET_INVALID_URL(12005, "The URL is invalid."),
    /** 12006: The URL scheme could not be recognized, or is not supported. */
    ERROR_INTERNET_UNRECOGNIZED_SCHEME(12006, "The URL scheme could not be recognized, or is not supported."),
    /** 12007: The server name could not be resolved. */
    ERROR_INTERNET_NAME_NOT_RESOLVED(12007, "The server name could not be resolved."),
    /** 12008: A protocol with the required capabilities was not found. */
    ERROR_INTERNET_PROTOCOL_NOT_FOUND(12008, "A protocol with the required capabilities was not found."),
    /** 12009: The option is invalid. */
    ERROR_INTERNET_INVALID_OPTION(12009, "The option is invalid."),
    /** 12010: The length is incorrect for the option type. */
    ERROR_INTERNET_BAD_OPTION_LENGTH(12010, "The length is incorrect for the option type."),
    /** 12011: The option value cannot be set. */
    ERROR_INTERNET_OPTION_NOT_SETTABLE(12011, "The option value cannot be set."),
    /** 12012: Microsoft Internet Extension support has been shut down. */
    ERROR_INTERNET_SHUTDOWN(12012, "Microsoft Internet Extension support has been shut down."),
    /** 12013: The user name was not allowed. */
    ERROR_INTERNET_INCORRECT_USER_NAME(12013, "The user name was not allowed."),
    /** 12014: The password was not allowed. */
    ERROR_INTERNET_INCORRECT_PASSWORD(12014, "The password was not allowed."),
    /** 12015: The login request was denied. */
    ERROR_INTERNET_LOGIN_FAILURE(12015, "The login request was denied."),
    /** 12016: The requested operation is invalid. */
    ERROR_INTERNET_INVALID_OPERATION(12016, "The requested operation is invalid."),
    /** 12017: The operation has been canceled. */
    ERROR_INTERNET_OPERATION_CANCELLED(12017, "The operation has been canceled."),
    /** 12018: The supplied handle is the wrong type for the requested operation. */
    ERROR_INTERNET_INCORRECT_HANDLE_TYPE(12018, "The supplied handle is the wrong type for the requested operation."),
    /** 12019: The handle is in the wrong state for the requested operation. */
    ERROR_INTERNET_INCORRECT_HANDLE_STATE(12019, "The handle is in the wrong state for the requested operation."),
    /** 12020: The request cannot be made on a Proxy session. */
    ERROR_INTERNET_NOT_PROXY_REQUEST(12020, "The request cannot be made on a Proxy session."),
    /** 12023: Direct Internet access is not available. */
    ERROR_INTERNET_NO_DIRECT_ACCESS(12023, "Direct Internet access is not available."),
    /** 12024: No context value was supplied. */
    ERROR_INTERNET_NO_CONTEXT(12024, "No context value was supplied."),
    /** 12025: No status callback was supplied. */
    ERROR_INTERNET_NO_CALLBACK(12025, "No status callback was supplied."),
    /** 12026: There are outstanding requests. */
    ERROR_INTERNET_REQUEST_PENDING(12026, "There are outstanding requests."),
    /** 12027: The information format is incorrect. */
    ERROR_INTERNET_INCORRECT_FORMAT(12027, "The information format is incorrect."),
    /** 12028: The requested item could not be found. */
    ERROR_INTERNET_ITEM_NOT_FOUND(12028, "The requested item could not be found."),
    /** 12029: A connection with the server could not be established. */
    ERROR_INTERNET_CANNOT_CONNECT(12029, "A connection with the server could not be established."),
    /** 12030: The connection with the server was terminated abnormally. */
    ERROR_INTERNET_CONNECTION_ABORTED(12030, "The connection with the server was terminated abnormally."),
    /** 12031: The connection with the server was reset. */
    ERROR_INTERNET_CONNECTION_RESET(12031, "The connection with the server was reset."),
    /** 12032: The action must be retried. */
    ERROR_INTERNET_FORCE_RETRY(12032, "The action must be retried."),
    /** 12033: The proxy request is invalid. */
    ERROR_INTERNET_INVALID_PROXY_REQUEST(12033, "The proxy request is invalid."),
    /** 12036: The handle already exists. */
    ERROR_INTERNET_HANDLE_EXISTS(12036, "The handle already exists."),
    /** 12037: The date in the certificate is invalid or has expired. */
    ERROR_INTERNET_SEC_CERT_DATE_INVALID(12037, "The date in the certificate is invalid or has expired."),
    /** 12038: The host name in the certificate is invalid or does not match. */
    ERROR_INTERNET_SEC_CERT_CN_INVALID(12038, "The host name in the certificate is invalid or does not match."),
    /** 12044: A client certificate is needed. */
    ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED(12044, "A client certificate is needed."),
    /** 12045: The certificate authority is invalid or incorrect. */
    ERROR_INTERNET_INVALID_CA(12045, "The certificate authority is invalid or incorrect."),
    /** 12055: The SSL certificate contains errors. */
    ERROR_INTERNET_SEC_CERT_ERRORS(12055, "The SSL certificate contains errors."),
    /** 12056: The SSL certificate was not revoked. */
    ERROR_INTERNET_SEC_CERT_NO_REV(12056, "The SSL certificate was not revoked."),
    /** 12057: Revocation of the SSL certificate failed. */
    ERROR_INTERNET_SEC_CERT_REV_FAILED(12057, "Revocation of the SSL certificate failed."),
    /** 12150: The requested header could not be located. */
    ERROR_HTTP_HEADER_NOT_FOUND(12150, "The requested header could not be located."),
    /** 12151: The server did not return any headers. */
    ERROR_HTTP_DOWNLEVEL_SERVER(12151, "The server did not return any headers."),
    /** 12152: The server response could not be parsed. */
    ERROR_HTTP_INVALID_SERVER_RESPONSE(12152, "The server response could not be parsed."),
    /** 12153: The supplied header is invalid. */
    ERROR_HTTP_INVALID_HEADER(12153, "The supplied header is invalid."),
    /** 12154: The request made to HttpQueryInfo is invalid. */
    ERROR_HTTP_INVALID_QUERY_REQUEST(12154, "The request made to HttpQueryInfo is invalid."),
    /** 12155: The header could not be added because it already exists. */
    ERROR_HTTP_HEADER_ALREADY_EXISTS(12155, "The header could not be added because it already exists."),
    /** 12156: The redirection failed because either the scheme changed or all attempts made to redirect failed. */
    ERROR_HTTP_REDIRECT_FAILED(12156, "The redirection failed because either the scheme changed or all attempts made to redirect failed."),
    /** 12157: The application experienced an internal error loading the SSL libraries. */
    ERROR_INTERNET_SECURITY_CHANNEL_ERROR(12157, "The application experienced an internal error loading the SSL libraries."),
    /** 12169: The SSL certificate is invalid. */
    ERROR_INTERNET_SEC_INVALID_CERT(12169, "The SSL certificate is invalid."),
    /** 12170: The SSL certificate was revoked. */
    ERROR_INTERNET_SEC_CERT_REVOKED(12170, "The SSL certificate was revoked."),
    /** 12175: WinINet failed to decode the content. */
    ERROR_INTERNET_DECODING_FAILED(12175, "WinINet failed to decode the content.");

    private static final Map<Integer, Win32Error> BY_CODE = new HashMap<>();

    static {
        for (Win32Error e : values()) {
            if (BY_CODE.put(e.code, e) != null) {
                throw new ExceptionInInitializerError("duplicate Win32 error number " + e.code);
            }
        }
    }

    private final int code;
    private final String message;

    Win32Error(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The number Windows uses: what {@code GetLastError()} / {@code WSAGetLastError()} return. */
    public int code() {
        return code;
    }

    /** The message text {@code FormatMessage} gives for this code (English). */
    public String message() {
        return message;
    }

    /** Looks a code up by its number. */
    public static Optional<Win32Error> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** A description of any number, known or not: {@code "WSAENOTSOCK (10038): An operation …"}. */
    public static String describe(int code) {
        Win32Error e = BY_CODE.get(code);
        return e == null ? "error " + code : e.toString();
    }

    @Override
    public String toString() {
        return name() + " (" + code + "): " + message;
    }
}
