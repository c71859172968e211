package io.teardown.examples.demo;

import java.util.List;
import java.util.Optional;

/** Every demo the command line offers. */
public final class Demos {
    private Demos() {
    }

    /** All demos, in the order {@code teardown demo --help} lists them. */
    public static List<Demo> all() {
        return List.of(new KernelDemo(), new WinsockDemo(), new IocpDemo(), new WininetDemo(), new WlanDemo(), new DaggerDemo());
    }

    /** The demo with this name. */
    public static Optional<Demo> named(String name) {
        return all().stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
