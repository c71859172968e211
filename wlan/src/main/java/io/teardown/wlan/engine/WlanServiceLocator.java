package io.teardown.wlan.engine;

import io.teardown.api.Session;
import io.teardown.wlan.service.WlanService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the WLAN service a session's clients connect to, from {@code teardown.wlan.service}:
 * {@code embedded} (the default: the session's own {@link WlanService}, started on first use) or
 * {@code host:port} of a service running as its own process, whose secret is read from
 * {@code teardown.wlan.secretFile}. Only loopback addresses are accepted.
 */
public final class WlanServiceLocator {
    /** Selects the service: {@code embedded} or {@code host:port}. */
    public static final String SERVICE_PROPERTY = "teardown.wlan.service";
    /** The owner-only file a separate service process wrote its secret to. */
    public static final String SECRET_FILE_PROPERTY = "teardown.wlan.secretFile";

    private final Session session;
    private final InetSocketAddress remote;

    /**
     * Reads the session's configuration.
     *
     * @throws IllegalArgumentException if {@code teardown.wlan.service} is malformed or not loopback
     */
    public WlanServiceLocator(Session session) {
        this.session = session;
        String value = session.property(SERVICE_PROPERTY).orElse("embedded").trim();
        this.remote = value.equals("embedded") ? null : parse(value);
    }

    private static InetSocketAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("-D" + SERVICE_PROPERTY + "=" + value + ": expected embedded or host:port");
        }
        try {
            InetAddress host = InetAddress.getByName(value.substring(0, colon).replace("[", "").replace("]", ""));
            if (!host.isLoopbackAddress()) {
                throw new IllegalArgumentException("-D" + SERVICE_PROPERTY + "=" + value
                        + ": the WLAN service is reached over loopback only");
            }
            return new InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SERVICE_PROPERTY + "=" + value + ": " + e.getMessage(), e);
        }
    }

    /** Whether the session uses its embedded service. */
    public boolean embedded() {
        return remote == null;
    }

    /**
     * Where the service is now and the secret to present, or empty when the embedded service is
     * stopped. For a separate process the address is the configured one (it may not be listening) and
     * the secret is whatever the secret file holds (empty if it cannot be read: the service refuses).
     */
    public Optional<WlanService.Endpoint> locate() {
        if (remote == null) {
            return WlanService.embedded(session).endpoint();
        }
        byte[] secret = new byte[0];
        Optional<String> file = session.property(SECRET_FILE_PROPERTY);
        if (file.isPresent()) {
            try {
                secret = WlanService.readSecretFile(Path.of(file.get())).secret();
            } catch (IOException e) {
                System.getLogger(WlanServiceLocator.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot read the WLAN service secret file: " + e);
            }
        }
        return Optional.of(new WlanService.Endpoint(remote, secret));
    }
}
