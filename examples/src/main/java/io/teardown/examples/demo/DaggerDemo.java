package io.teardown.examples.demo;

import io.teardown.api.Session;
import io.teardown.examples.dagger.AppComponent;
import io.teardown.examples.dagger.HandleAuditor;
import java.io.PrintWriter;

/**
 * {@code teardown demo dagger}: an application built with Dagger from the subsystems' modules, run on
 * the default backend; the same component runs on any backend (see {@code DaggerExampleTest}).
 */
public final class DaggerDemo implements Demo {
    /** For the command line. */
    public DaggerDemo() {
    }

    @Override
    public String name() {
        return "dagger";
    }

    @Override
    public String summary() {
        return "an application whose Kernel32, Ws2_32, WinInet and WlanApi are injected by Dagger";
    }

    @Override
    public void run(PrintWriter out) {
        try (Session session = Session.open()) {
            out.println("session " + session.name() + ", component " + AppComponent.class.getSimpleName());
            boolean allOk = true;
            for (HandleAuditor.Finding f : AppComponent.of(session).auditor().audit()) {
                out.printf("  %-48s expected %-8s observed %-8s %s%n", f.check(), f.expected(), f.observed(),
                        f.ok() ? "ok" : "DIFFERENT");
                allOk &= f.ok();
            }
            out.flush();
            if (!allOk) {
                throw new IllegalStateException("the backend did not close as Windows does");
            }
        }
    }
}
