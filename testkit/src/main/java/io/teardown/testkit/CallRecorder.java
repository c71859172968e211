package io.teardown.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the calls that reach a backend's driver and passes each on to it, through a dynamic proxy of the
 * driver's interface: put a subsystem's front over {@link #proxy} and a front contract sees which calls the
 * front let through — a value the front rejects must never reach the driver (the recording drivers of
 * {@code KernelFrontContract} and {@code WinsockFrontContract}). Thread-safe.
 */
public final class CallRecorder {
    /** One call that reached the driver: the method's name and its arguments. */
    public record Call(String method, List<Object> args) {
        /** The {@code i}-th argument. */
        public Object arg(int i) {
            return args.get(i);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /**
     * {@code target} behind a proxy of {@code type} that records each call before passing it on. The
     * objects returned by the methods named in {@code families} (a driver's function families) are
     * recorded the same way, each behind a proxy of its method's return type.
     */
    public <T> T proxy(Class<T> type, T target, Set<String> families) {
        Objects.requireNonNull(target, "target");
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "Recording[" + target + "]";
                        };
                    }
                    Object result = record(target, method, args);
                    return families.contains(method.getName()) && result != null
                            ? proxy(cast(method.getReturnType()), result, Set.of())
                            : result;
                }));
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> cast(Class<?> type) {
        return (Class<T>) type;
    }

    private Object record(Object on, Method method, Object[] args) throws Throwable {
        calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args)));
        try {
            return method.invoke(on, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Every call so far, oldest first. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls so far to {@code method}. */
    public List<Call> callsOf(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Forgets the calls so far. */
    public void clear() {
        calls.clear();
    }
}
