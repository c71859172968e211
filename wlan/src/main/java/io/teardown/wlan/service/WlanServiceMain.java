package io.teardown.wlan.service;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs the emulated WLAN service as its own process:
 * {@code java -p … -m io.teardown.wlan/io.teardown.wlan.service.WlanServiceMain --secret-file PATH
 * [--port N] [--interface DESCRIPTION] [--network SSID:QUALITY[:secured]]…}. It listens on 127.0.0.1,
 * writes port and secret to the owner-only secret file, prints {@code listening on 127.0.0.1:PORT}, and
 * runs until its standard input ends or it is killed. Clients use
 * {@code -Dteardown.wlan.service=127.0.0.1:PORT -Dteardown.wlan.secretFile=PATH}.
 */
public final class WlanServiceMain {
    private WlanServiceMain() {
    }

    /** The entry point. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path secretFile = null;
        int port = 0;
        String description = "Emulated Wi-Fi adapter";
        List<String> networks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--secret-file" -> { secretFile = Path.of(require(a, v)); i++; }
                case "--port" -> { port = Integer.parseInt(require(a, v)); i++; }
                case "--interface" -> { description = require(a, v); i++; }
                case "--network" -> { networks.add(require(a, v)); i++; }
                default -> usage(System.err, "unknown argument " + a);
            }
        }
        if (secretFile == null) {
            usage(System.err, "--secret-file is required");
        }
        WlanService service = WlanService.standalone(secretFile, port);
        UUID iface = service.addInterface(description);
        for (String n : networks) {
            String[] parts = n.split(":");
            service.addNetwork(iface, parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 70,
                    parts.length > 2 && parts[2].equals("secured"));
        }
        service.start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "wlan-service-shutdown"));
        System.out.println("listening on " + service.endpoint().orElseThrow().address().getAddress().getHostAddress()
                + ":" + service.endpoint().orElseThrow().address().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until stdin ends
        }
        service.stop();
    }

    private static String require(String option, String value) {
        if (value == null) {
            usage(System.err, option + " needs a value");
        }
        return value;
    }

    private static void usage(PrintStream err, String why) {
        err.println(why);
        err.println("usage: WlanServiceMain --secret-file PATH [--port N] [--interface DESCRIPTION]"
                + " [--network SSID:QUALITY[:secured]]...");
        System.exit(2);
    }
}
