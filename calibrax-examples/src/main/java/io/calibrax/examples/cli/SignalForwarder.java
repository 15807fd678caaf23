package io.calibrax.examples.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * While open, SIGINT (Ctrl-C) and SIGTERM sent to this JVM go to a child process instead of
 * stopping the JVM, so that {@code calibrax run} waits for the command to end as the command
 * decides and then reports as usual. {@link #close()} puts the JVM's own handlers back.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}), the one JDK way to receive a
 * signal; where it cannot be installed (another platform) nothing is forwarded and the JVM's own
 * handling stays. The signal reaches the child through {@code kill -s NAME PID}; without a
 * {@code kill} program SIGTERM falls back to {@link Process#destroy()}.
 */
final class SignalForwarder implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final Process child;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalForwarder(Process child) {
        this.child = child;
    }

    /** Forwards SIGINT and SIGTERM to {@code child} until closed. */
    static SignalForwarder forwardTo(Process child) {
        SignalForwarder forwarder = new SignalForwarder(Objects.requireNonNull(child, "child"));
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                forwarder.previous.put(signal, Signal.handle(signal, forwarder::forward));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this platform does not let a Java program take this signal: the JVM handles it
            }
        }
        return forwarder;
    }

    private void forward(Signal signal) {
        if (!child.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal.getName(), Long.toString(child.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // no kill program: below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if ("TERM".equals(signal.getName())) {
            child.destroy();
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
