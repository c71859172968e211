package io.teardown.testkit.kernel;

import io.teardown.kernel.spi.KernelDriver;
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
 * A {@link KernelDriver} that records every call that reaches it and passes it on to the backend's own
 * driver, so that a contract can tell what the front let through: a value the front rejects must never
 * reach the driver (KO-03, KO-04, KO-09, KO-11, KO-12).
 */
final class RecordingKernelDriver implements InvocationHandler, AutoCloseable {
    /** One call that reached the driver. */
    record Call(String method, List<Object> args) {
        Object arg(int i) {
            return args.get(i);
        }
    }

    /** The driver methods that take a resolved entry: the work of the handle functions. */
    static final Set<String> ENTRY_WORK = Set.of("handleFlags", "setHandleFlags", "prepareToClose", "doClose",
            "duplicate", "duplicatePseudo");

    private final KernelDriver target;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private RecordingKernelDriver(KernelDriver target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** A recording driver in front of {@code target}, and the recorder that holds its calls. */
    static RecordingKernelDriver over(KernelDriver target) {
        return new RecordingKernelDriver(target);
    }

    /** The driver to hand to the front. */
    KernelDriver driver() {
        return (KernelDriver) Proxy.newProxyInstance(KernelDriver.class.getClassLoader(),
                new Class<?>[] {KernelDriver.class}, this);
    }

    /** Every call so far, in order. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls so far to {@code method}. */
    List<Call> callsOf(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The calls so far that did the work of a handle function on an entry ({@link #ENTRY_WORK}). */
    List<Call> entryWork() {
        return calls.stream().filter(c -> ENTRY_WORK.contains(c.method())).toList();
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
        calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args)));
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
