package io.calibrax.api.internal;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This host's name for alert texts and labels, looked up once per JVM: {@code HOSTNAME} or
 * {@code COMPUTERNAME} when set, else the resolver's name for the local address, which is given
 * two seconds at most (a broken DNS must not stall a handler's construction). Internal.
 *
 * @since 0.1.0
 */
public final class HostNames {
    private static final long LOOKUP_TIMEOUT_MILLIS = 2_000;
    private static final String UNKNOWN = "unknown-host";

    private HostNames() {
    }

    /** The local host's name; {@code unknown-host} when it cannot be found in time. Thread-safe. */
    public static String local() {
        return Holder.NAME;
    }

    private static final class Holder {
        static final String NAME = lookUp();
    }

    private static String lookUp() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String name = System.getenv(variable);
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        CompletableFuture<String> lookup = new CompletableFuture<>();
        Thread resolver = new Thread(() -> {
            try {
                lookup.complete(InetAddress.getLocalHost().getHostName());
            } catch (Exception | Error e) {
                lookup.complete(UNKNOWN);
            }
        }, "calibrax-hostname");
        resolver.setDaemon(true);
        resolver.start();
        try {
            return lookup.get(LOOKUP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        } catch (Exception e) {
            return UNKNOWN;
        }
    }
}
