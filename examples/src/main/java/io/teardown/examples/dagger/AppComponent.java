package io.teardown.examples.dagger;

import dagger.BindsInstance;
import dagger.Component;
import io.teardown.api.Session;
import io.teardown.kernel.KernelModule;
import io.teardown.wininet.WinInetModule;
import io.teardown.winsock.WinsockModule;
import io.teardown.wlan.WlanModule;

/**
 * An application's own Dagger component: it includes the subsystems' Dagger modules and binds the
 * {@link Session} it runs in. Production code builds it with {@code Session.open()}; a test builds it
 * with the session {@code EachBackend} injects, so the same application runs on every backend without a
 * code change.
 */
@Component(modules = {KernelModule.class, WinsockModule.class, WinInetModule.class, WlanModule.class})
public interface AppComponent {
    /** The application object, with every facade injected. */
    HandleAuditor auditor();

    /** Builds the component for one session. */
    @Component.Factory
    interface Factory {
        /** A component whose facades all belong to {@code session}. */
        AppComponent create(@BindsInstance Session session);
    }

    /** A component for {@code session}. */
    static AppComponent of(Session session) {
        return DaggerAppComponent.factory().create(session);
    }
}
