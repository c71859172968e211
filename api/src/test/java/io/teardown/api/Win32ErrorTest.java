package io.teardown.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every number SEMANTICS.md names, checked against the table. */
class Win32ErrorTest {
    static final Map<String, Integer> FROM_SEMANTICS = Map.ofEntries(
            Map.entry("ERROR_INVALID_HANDLE", 6), Map.entry("ERROR_FILE_NOT_FOUND", 2),
            Map.entry("ERROR_OPERATION_ABORTED", 995), Map.entry("ERROR_IO_PENDING", 997),
            Map.entry("ERROR_NETNAME_DELETED", 64), Map.entry("ERROR_CONNECTION_ABORTED", 1236),
            Map.entry("ERROR_NOT_SUPPORTED", 50), Map.entry("ERROR_INVALID_PARAMETER", 87),
            Map.entry("ERROR_SERVICE_NOT_ACTIVE", 1062), Map.entry("RPC_S_SERVER_UNAVAILABLE", 1722),
            Map.entry("ERROR_POSSIBLE_DEADLOCK", 1131), Map.entry("WSANOTINITIALISED", 10093),
            Map.entry("WSAENOTSOCK", 10038), Map.entry("WSAECONNRESET", 10054),
            Map.entry("WSAECONNABORTED", 10053), Map.entry("WSAEWOULDBLOCK", 10035),
            Map.entry("WSAEFAULT", 10014), Map.entry("WSAENOPROTOOPT", 10042), Map.entry("WSAEINTR", 10004),
            Map.entry("WSAEINPROGRESS", 10036), Map.entry("WSAENETDOWN", 10050), Map.entry("WSAEINVAL", 10022),
            Map.entry("ERROR_INTERNET_OPERATION_CANCELLED", 12017),
            Map.entry("ERROR_INTERNET_INCORRECT_HANDLE_TYPE", 12018),
            Map.entry("ERROR_INTERNET_OPTION_NOT_SETTABLE", 12011));

    @Test
    void numbersMatchTheRules() {
        FROM_SEMANTICS.forEach((name, code) -> {
            Win32Error e = Win32Error.valueOf(name);
            assertEquals(code, e.code(), name);
            assertEquals(e, Win32Error.of(code).orElseThrow(), "lookup by number: " + name);
        });
    }

    @Test
    void everyCodeHasAMessageAndAUniqueNumber() {
        for (Win32Error e : Win32Error.values()) {
            assertFalse(e.message().isBlank(), e.name());
            assertEquals(e, Win32Error.of(e.code()).orElseThrow());
        }
    }

    @Test
    void unknownNumbersAreDescribedNotInvented() {
        assertTrue(Win32Error.of(424242).isEmpty());
        assertEquals("error 424242", Win32Error.describe(424242));
        assertEquals("WSAENOTSOCK (10038): An operation was attempted on something that is not a socket.",
                Win32Error.describe(10038));
    }

    @Test
    void exceptionCarriesTheNumber() {
        Win32Exception ex = new Win32Exception(Win32Error.WSAENOTSOCK, "closesocket(0x4)");
        assertEquals(10038, ex.code());
        assertTrue(ex.is(Win32Error.WSAENOTSOCK));
        assertEquals(Win32Error.WSAENOTSOCK, ex.error().orElseThrow());
        assertTrue(ex.getMessage().startsWith("closesocket(0x4): WSAENOTSOCK (10038)"));
    }
}
