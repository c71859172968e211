package io.teardown.wininet.engine;

import static io.teardown.wininet.WinInet.*;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import java.nio.charset.StandardCharsets;

/**
 * {@code InternetSetOption} / {@code InternetQueryOption} on a handle, or on NULL (the defaults later
 * {@code InternetOpen}s copy). Each returns 0 or the error number the facade sets: DWORD options in an
 * {@link IntRef}, {@code CONTEXT_VALUE} in a {@link LongRef}, {@code CALLBACK} in a {@link Ref} (WI-10:
 * never settable), {@code URL} as ANSI text with the length protocol of {@code ERROR_INSUFFICIENT_BUFFER}
 * (122). See docs/wininet.md.
 */
final class OptionCalls {
    private final Options defaults;

    OptionCalls(Options defaults) {
        this.defaults = defaults;
    }

    /** InternetSetOption with a NULL handle. */
    int setDefault(int option, Object buffer, int length) {
        if (Options.isDword(option) && option != INTERNET_OPTION_SECURITY_FLAGS) {
            return setDword(defaults, option, buffer, length);
        }
        return handleOnly(option) ? Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code() // WI-10
                : Win32Error.ERROR_INTERNET_INVALID_OPTION.code();
    }

    /** InternetQueryOption with a NULL handle. */
    int queryDefault(int option, Object buffer, IntRef length) {
        if (Options.isDword(option) && option != INTERNET_OPTION_SECURITY_FLAGS) {
            return putDword(defaults.get(option), buffer, length);
        }
        return handleOnly(option) ? Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code()
                : Win32Error.ERROR_INTERNET_INVALID_OPTION.code();
    }

    private static boolean handleOnly(int option) {
        return option == INTERNET_OPTION_CALLBACK || option == INTERNET_OPTION_CONTEXT_VALUE
                || option == INTERNET_OPTION_HANDLE_TYPE || option == INTERNET_OPTION_SECURITY_FLAGS
                || option == INTERNET_OPTION_URL;
    }

    /** InternetSetOption on a leased handle. */
    int set(InternetHandle h, int option, Object buffer, int length) {
        switch (option) {
            case INTERNET_OPTION_CALLBACK:
            case INTERNET_OPTION_HANDLE_TYPE:
            case INTERNET_OPTION_URL:
                return Win32Error.ERROR_INTERNET_OPTION_NOT_SETTABLE.code(); // WI-10
            case INTERNET_OPTION_CONTEXT_VALUE: {
                Long v = dwordPtr(buffer);
                if (v == null) {
                    return Win32Error.ERROR_INVALID_PARAMETER.code();
                }
                if (length != 4 && length != 8) {
                    return Win32Error.ERROR_INTERNET_BAD_OPTION_LENGTH.code();
                }
                h.context = v;
                return 0;
            }
            case INTERNET_OPTION_SECURITY_FLAGS:
                if (!(h instanceof RequestHandle)) {
                    return Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code();
                }
                return setDword(h.options, option, buffer, length);
            default:
                if (Options.isDword(option)) {
                    return setDword(h.options, option, buffer, length);
                }
                return Win32Error.ERROR_INTERNET_INVALID_OPTION.code();
        }
    }

    /** InternetQueryOption on a leased handle. */
    int query(InternetHandle h, int option, Object buffer, IntRef length) {
        switch (option) {
            case INTERNET_OPTION_HANDLE_TYPE:
                return putDword(h.handleType(), buffer, length);
            case INTERNET_OPTION_CALLBACK:
                if (buffer == null || length.value < 8) {
                    length.value = 8;
                    return Win32Error.ERROR_INSUFFICIENT_BUFFER.code();
                }
                if (!(buffer instanceof Ref<?> ref)) {
                    return Win32Error.ERROR_INVALID_PARAMETER.code();
                }
                put(ref, h.callback);
                length.value = 8;
                return 0;
            case INTERNET_OPTION_CONTEXT_VALUE:
                if (buffer == null || length.value < 8) {
                    length.value = 8;
                    return Win32Error.ERROR_INSUFFICIENT_BUFFER.code();
                }
                if (!(buffer instanceof LongRef out)) {
                    return Win32Error.ERROR_INVALID_PARAMETER.code();
                }
                out.value = h.context;
                length.value = 8;
                return 0;
            case INTERNET_OPTION_URL:
                if (!(h instanceof RequestHandle r)) {
                    return Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code();
                }
                return putText(r.url(), buffer, length);
            case INTERNET_OPTION_SECURITY_FLAGS:
                if (!(h instanceof RequestHandle r)) {
                    return Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code();
                }
                return putDword(r.securityFlags(), buffer, length);
            default:
                if (Options.isDword(option)) {
                    return putDword(h.options.get(option), buffer, length);
                }
                return Win32Error.ERROR_INTERNET_INVALID_OPTION.code();
        }
    }

    private static Integer dword(Object buffer) {
        if (buffer instanceof IntRef i) {
            return i.value;
        }
        return buffer instanceof Integer i ? i : null;
    }

    private static Long dwordPtr(Object buffer) {
        if (buffer instanceof LongRef l) {
            return l.value;
        }
        if (buffer instanceof Long l) {
            return l;
        }
        Integer i = dword(buffer);
        return i == null ? null : Integer.toUnsignedLong(i);
    }

    private static int setDword(Options target, int option, Object buffer, int length) {
        Integer v = dword(buffer);
        if (v == null) {
            return Win32Error.ERROR_INVALID_PARAMETER.code();
        }
        if (length < 4) {
            return Win32Error.ERROR_INTERNET_BAD_OPTION_LENGTH.code();
        }
        target.set(option, v);
        return 0;
    }

    /** A pointer-sized out-parameter: the caller's {@code Ref} holds whatever the option is. */
    @SuppressWarnings("unchecked")
    private static void put(Ref<?> ref, Object value) {
        ((Ref<Object>) ref).value = value;
    }

    private static int putDword(int value, Object buffer, IntRef length) {
        if (buffer == null || length.value < 4) {
            length.value = 4;
            return Win32Error.ERROR_INSUFFICIENT_BUFFER.code();
        }
        if (!(buffer instanceof IntRef out)) {
            return Win32Error.ERROR_INVALID_PARAMETER.code();
        }
        out.value = value;
        length.value = 4;
        return 0;
    }

    /** ANSI text and its NUL: on success the length without the NUL, when too small the length with it. */
    private static int putText(String text, Object buffer, IntRef length) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (buffer == null || length.value < bytes.length + 1) {
            length.value = bytes.length + 1;
            return Win32Error.ERROR_INSUFFICIENT_BUFFER.code();
        }
        if (!(buffer instanceof byte[] out) || out.length < bytes.length + 1) {
            return Win32Error.ERROR_INVALID_PARAMETER.code();
        }
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        out[bytes.length] = 0;
        length.value = bytes.length;
        return 0;
    }
}
