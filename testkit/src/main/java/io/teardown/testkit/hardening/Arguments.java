package io.teardown.testkit.hardening;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.ShortRef;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Makes an argument of a given parameter type the way a careless or hostile caller would: handle values
 * from the {@link ValuePool}; ints that are negative, zero, huge, off by one, or the facade's own
 * constants (flags, option levels and names) alone or OR-ed; {@code null} and short buffers; {@code null}
 * holders; strings that are empty, long, or carry CR/LF; structures that are {@code null} or fresh;
 * callbacks that return at once.
 */
public final class Arguments {
    private static final String[] STRINGS = {
        "", "x", "a\r\nX-Injected: 1", "GET / HTTP/1.1\r\n\r\n", "\r\n", "\n\n", "\u00e9\u4e2d\ud83d\ude00",
        "\\\\.\\pipe\\fuzz", "\\\\.\\mailslot\\fuzz", "Local\\fuzz", "Global\\fuzz", "Session\\1\\fuzz", "..\\..",
        "/", "\\", "%s%n", "\0", "Content-Length: -1", "Host: evil\r\n", " ", "SOFTWARE\\Fuzz",
    };

    private final int[] constants;
    private final ValuePool pool;
    private final List<ByteBuffer> buffers = new ArrayList<>();

    /**
     * Arguments for calls on {@code facade}.
     *
     * @param facade the interface whose {@code static final int} constants are offered for int parameters
     * @param pool   the handle values
     */
    public Arguments(Class<?> facade, ValuePool pool) {
        this.pool = pool;
        List<Integer> found = new ArrayList<>();
        for (Field f : facade.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    found.add(f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        this.constants = found.stream().mapToInt(Integer::intValue).distinct().toArray();
    }

    /** The pool this generator draws handle values from. */
    public ValuePool pool() {
        return pool;
    }

    /** Remembers a buffer a call returned (a mapped view) so later calls get it back. */
    public synchronized void offerBuffer(ByteBuffer b) {
        if (buffers.size() < 64) {
            buffers.add(b);
        } else {
            buffers.set(Math.floorMod(b.hashCode(), 64), b);
        }
    }

    private synchronized ByteBuffer someBuffer(SplittableRandom r) {
        return buffers.isEmpty() ? null : buffers.get(r.nextInt(buffers.size()));
    }

    /** A value for an {@code int} parameter. */
    public int anInt(SplittableRandom r) {
        int k = r.nextInt(100);
        if (k < 30 && constants.length > 0) {
            int c = constants[r.nextInt(constants.length)];
            return r.nextInt(4) == 0 ? c | constants[r.nextInt(constants.length)] : c;
        }
        if (k < 60) {
            return r.nextInt(-2, 18); // small sizes, off by one
        }
        if (k < 75) {
            int[] edges = {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0x7FFF_FFFE, 0x8000_0001, 65535, 65536, 4095, 4097};
            return edges[r.nextInt(edges.length)];
        }
        return r.nextInt();
    }

    /** A string: {@code null}, empty, CR/LF, long, odd names, random text. */
    public String aString(SplittableRandom r) {
        int k = r.nextInt(100);
        if (k < 15) {
            return null;
        }
        if (k < 50) {
            return STRINGS[r.nextInt(STRINGS.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(8)));
        }
        if (k < 53) {
            return "y".repeat(r.nextInt(1, 70_000));
        }
        char[] c = new char[r.nextInt(24)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) (r.nextInt(8) == 0 ? r.nextInt(0x10000) : r.nextInt(0x20, 0x7F));
        }
        return new String(c);
    }

    /**
     * A value for a parameter of type {@code type} of {@code method}.
     *
     * @throws IllegalArgumentException for a type this generator does not know (so no parameter is
     *                                  silently fed something meaningless)
     */
    public Object of(Class<?> type, SplittableRandom r) {
        if (type == long.class) {
            return pool.pick(r);
        }
        if (type == int.class) {
            return anInt(r);
        }
        if (type == short.class) {
            return (short) anInt(r);
        }
        if (type == boolean.class) {
            return r.nextBoolean();
        }
        if (type == String.class) {
            return aString(r);
        }
        boolean isNull = r.nextInt(4) == 0;
        if (type == byte[].class) {
            return isNull ? null : new byte[new int[] {0, 1, 3, 16, 4096}[r.nextInt(5)]];
        }
        if (type == long[].class) {
            if (isNull) {
                return null;
            }
            long[] a = new long[r.nextInt(8) == 0 ? 65 : r.nextInt(4)];
            for (int i = 0; i < a.length; i++) {
                a[i] = pool.pick(r);
            }
            return a;
        }
        if (type == String[].class) {
            return isNull ? null : r.nextBoolean() ? new String[0] : new String[] {aString(r), "A=B"};
        }
        if (type == ByteBuffer.class) {
            int k = r.nextInt(5);
            return k == 0 ? null : k == 1 ? ByteBuffer.allocate(r.nextInt(17)) : k == 2
                    ? ByteBuffer.allocateDirect(8) : someBuffer(r);
        }
        if (type == IntRef.class) {
            return isNull ? null : new IntRef();
        }
        if (type == LongRef.class) {
            return isNull ? null : new LongRef();
        }
        if (type == ShortRef.class) {
            return isNull ? null : new ShortRef();
        }
        if (type == BoolRef.class) {
            return isNull ? null : new BoolRef();
        }
        if (type == Ref.class) {
            return isNull ? null : new Ref<>();
        }
        if (type == UUID.class) {
            return isNull ? null : new UUID(r.nextLong(), r.nextLong());
        }
        if (type == Object.class) {
            Object[] any = {null, new Object(), r.nextInt(), new byte[4], "opaque", r.nextLong(), new IntRef(), Boolean.TRUE};
            return any[r.nextInt(any.length)];
        }
        if (type.isArray() && !type.getComponentType().isPrimitive()) {
            if (isNull) {
                return null;
            }
            Object a = java.lang.reflect.Array.newInstance(type.getComponentType(), r.nextInt(4));
            for (int i = 0; i < java.lang.reflect.Array.getLength(a); i++) {
                java.lang.reflect.Array.set(a, i, of(type.getComponentType(), r));
            }
            return a;
        }
        if (type.isInterface()) {
            return isNull ? null : quietCallback(type);
        }
        if (isNull) {
            return null;
        }
        try {
            Constructor<?> c = type.getConstructor();
            return c.newInstance();
        } catch (NoSuchMethodException e) {
            // a small value class (Linger(l_onoff, l_linger) …): any public constructor of ints and longs
            for (Constructor<?> c : type.getConstructors()) {
                Class<?>[] ps = c.getParameterTypes();
                if (ps.length > 0 && Arrays.stream(ps).allMatch(p -> p == int.class || p == long.class || p == short.class)) {
                    Object[] args = new Object[ps.length];
                    for (int i = 0; i < ps.length; i++) {
                        args[i] = of(ps[i], r);
                    }
                    try {
                        return c.newInstance(args);
                    } catch (ReflectiveOperationException inner) {
                        return null; // the constructor rejected the values: the caller gets NULL instead
                    }
                }
            }
            throw new IllegalArgumentException("no generator for " + type.getName(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("no generator for " + type.getName(), e);
        }
    }

    /** A callback of interface {@code type} that returns 0, {@code false} or {@code null} at once. */
    public static Object quietCallback(Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, m, a);
            }
            return zero(m.getReturnType());
        });
    }

    static Object objectMethod(Object proxy, Method m, Object[] a) {
        return switch (m.getName()) {
            case "equals" -> proxy == a[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "callback@" + Integer.toHexString(System.identityHashCode(proxy));
        };
    }

    /** The zero value of {@code type}: what a callback that does nothing returns. */
    public static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == char.class) {
            return (char) 0;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == float.class) {
            return 0.0f;
        }
        return null;
    }

    @Override
    public String toString() {
        return "Arguments" + Arrays.toString(constants);
    }
}
