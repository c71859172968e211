package io.teardown.wininet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Win32Error;
import io.teardown.wininet.engine.HttpConnection.Header;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestSyntaxTest {
    @Test
    void verbsAreTokens() {
        assertTrue(RequestSyntax.isToken("GET"));
        assertTrue(RequestSyntax.isToken("PROPFIND"));
        assertFalse(RequestSyntax.isToken("GET /x HTTP/1.1\r\n"));
        assertFalse(RequestSyntax.isToken("G T"));
        assertFalse(RequestSyntax.isToken(""));
    }

    @Test
    void pathsHaveNoControlsOrSpaces() {
        assertTrue(RequestSyntax.isVisible("/a/b?c=d%20e"));
        assertFalse(RequestSyntax.isVisible("/a\r\nHost: x"));
        assertFalse(RequestSyntax.isVisible("/a b"));
    }

    @Test
    void headerLinesParseAndCrLfInjectionIsRejected() throws Exception {
        assertEquals(List.of(new Header("A", "1"), new Header("B", "two words")),
                RequestSyntax.parseHeaders("A: 1\r\nB:   two words  \r\n\r\n"));
        for (String bad : new String[] {"A: 1\nB: 2", "A: 1\rB: 2", "A: 1\r\n\r\nGET /evil HTTP/1.1", "no colon",
                ": empty name", "Bad Name: x", "A: \u0000"}) {
            RequestSyntax.ParseFailure f = assertThrows(RequestSyntax.ParseFailure.class,
                    () -> RequestSyntax.parseHeaders(bad), bad);
            assertEquals(Win32Error.ERROR_HTTP_INVALID_HEADER, f.error);
        }
    }

    @Test
    void headerLengthSelectsText() {
        assertEquals("A: 1", RequestSyntax.slice("A: 1", -1));
        assertEquals("A: 1", RequestSyntax.slice("A: 1\0junk", 0));
        assertEquals("A:", RequestSyntax.slice("A: 1", 2));
        assertNull(RequestSyntax.slice("A: 1", 99));
    }

    @Test
    void urlsSplitWithDefaultsAndBadOnesFailAsWinInetDoes() throws Exception {
        assertEquals(new UrlParts(false, "example.com", 80, "/"), UrlParts.parse("http://example.com"));
        assertEquals(new UrlParts(true, "example.com", 443, "/a?b=c"), UrlParts.parse("HTTPS://example.com/a?b=c"));
        assertEquals(new UrlParts(false, "::1", 8080, "/x"), UrlParts.parse("http://[::1]:8080/x"));
        assertEquals(Win32Error.ERROR_INTERNET_UNRECOGNIZED_SCHEME,
                assertThrows(RequestSyntax.ParseFailure.class, () -> UrlParts.parse("ftp://example.com/")).error);
        assertEquals(Win32Error.ERROR_INTERNET_UNRECOGNIZED_SCHEME,
                assertThrows(RequestSyntax.ParseFailure.class, () -> UrlParts.parse("example.com/x")).error);
        assertEquals(Win32Error.ERROR_INTERNET_INVALID_URL,
                assertThrows(RequestSyntax.ParseFailure.class, () -> UrlParts.parse("http://a b/")).error);
        assertEquals(Win32Error.ERROR_INTERNET_INVALID_URL,
                assertThrows(RequestSyntax.ParseFailure.class, () -> UrlParts.parse("http:///nohost")).error);
    }
}
