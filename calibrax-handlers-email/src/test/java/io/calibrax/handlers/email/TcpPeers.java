package io.calibrax.handlers.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Misbehaving SMTP peers on loopback, for what GreenMail cannot do: stay silent, or answer 421 once. */
final class TcpPeers {
    private TcpPeers() {
    }

    /** A loopback port with nothing listening on it (right now). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Accepts connections and never says a word; or, dribbling, sends an endless multi-line
     * greeting one line per 100 ms, so no single read ever times out.
     */
    static final class Silent implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        Silent() throws IOException {
            this(false);
        }

        Silent(boolean dribble) throws IOException {
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        accepted.add(socket);
                        if (dribble) {
                            dribble(socket);
                        }
                    }
                } catch (IOException closed) {
                    // server closed: done
                }
            }, "test-silent-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        private static void dribble(Socket socket) {
            Thread thread = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    while (true) {
                        out.write("220-still saying hello\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // client gone: done
                }
            }, "test-dribbling-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /**
     * Greets the first {@code refusals} connections with {@code 421 4.3.2 Service not available}
     * and hangs up; relays later ones byte for byte to a real SMTP server.
     */
    static final class BusyThenRelay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        BusyThenRelay(int refusals, int targetPort) throws IOException {
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = server.accept();
                        sockets.add(client);
                        if (connections.incrementAndGet() <= refusals) {
                            client.getOutputStream().write(
                                    "421 4.3.2 Service not available, try again later\r\n".getBytes(StandardCharsets.US_ASCII));
                            client.close();
                            continue;
                        }
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        sockets.add(upstream);
                        pump(client.getInputStream(), upstream.getOutputStream());
                        pump(upstream.getInputStream(), client.getOutputStream());
                    }
                } catch (IOException closed) {
                    // server closed: done
                }
            }, "test-busy-relay");
            thread.setDaemon(true);
            thread.start();
        }

        private void pump(InputStream in, OutputStream out) {
            Thread pump = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in; out) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side closed
                }
            }, "test-relay-pump");
            pump.setDaemon(true);
            pump.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
