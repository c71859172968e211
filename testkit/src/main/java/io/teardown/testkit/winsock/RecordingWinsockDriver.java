package io.teardown.testkit.winsock;

import io.teardown.winsock.spi.WinsockDriver;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link WinsockDriver} that records every call that reaches it and passes it on to the backend's own
 * driver, so that a contract can tell what the Winsock front let through: a value or an argument the front
 * rejects must never reach the driver (WS-01, WS-02, WS-08, WS-15).
 */
final class RecordingWinsockDriver implements InvocationHandler, AutoCloseable {
    /** One call that reached the driver. */
    record Call(String method, List<Object> args) {
    }

    /**
     * The calls that are not work: the front classifies table entries with {@code socketOf} and asks for
     * the capabilities and the function families; everything else a driver does — the families' methods
     * included — is the work of a Winsock function.
     */
    private static final Set<String> NOT_WORK = Set.of("socketOf", "faults", "diagnostics", "close", "events",
            "extensions");
    /** The accessors of the function families, whose objects are recorded too. */
    private static final Set<String> FAMILIES = Set.of("events", "extensions");

    private final WinsockDriver<?> target;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private RecordingWinsockDriver(WinsockDriver<?> target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** A recorder in front of {@code target}. */
    static RecordingWinsockDriver over(WinsockDriver<?> target) {
        return new RecordingWinsockDriver(target);
    }

    /** The driver to hand to the front. */
    @SuppressWarnings("unchecked")
    <S extends WinsockDriver.Socket> WinsockDriver<S> driver() {
        return (WinsockDriver<S>) Proxy.newProxyInstance(WinsockDriver.class.getClassLoader(),
                new Class<?>[] {WinsockDriver.class}, this);
    }

    /** The calls so far that did a Winsock function's work, in order. */
    List<Call> work() {
        return calls.stream().filter(c -> !NOT_WORK.contains(c.method())).toList();
    }

    /** The calls so far to {@code method}. */
    List<Call> callsOf(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The names of the work calls so far, in order (for messages and assertions). */
    List<String> workNames() {
        return work().stream().map(Call::method).toList();
    }

    /** Forgets the calls so far. */
    void clear() {
        calls.clear();
    }

    /** Closes the backend's driver (the session calls this when it closes). */
    @Override
    public void close() {
        target.close();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "Recording[" + target + "]";
            };
        }
        return record(target, method, args);
    }

    private Object record(Object on, Method method, Object[] args) throws Throwable {
        calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args)));
        Object result;
        try {
            result = method.invoke(on, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (on == target && FAMILIES.contains(method.getName())) {
            Object family = result; // WinsockEventCalls, WinsockExtensionCalls: their calls are work too
            return Proxy.newProxyInstance(WinsockDriver.class.getClassLoader(), new Class<?>[] {method.getReturnType()},
                    (proxy, m, a) -> m.getDeclaringClass() == Object.class ? m.invoke(family, a) : record(family, m, a));
        }
        return result;
    }
}
