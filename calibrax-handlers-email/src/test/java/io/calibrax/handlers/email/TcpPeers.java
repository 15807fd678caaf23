package io.calibrax.handlers.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Misbehaving SMTP peers on loopback, for what GreenMail cannot do: stay silent, dribble, answer 421, refuse recipients. */
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

    /**
     * A scripted SMTP server: accepts everything except the RCPT replies queued per address
     * (for example {@code 550} for good or {@code 451} once), and records every command.
     */
    static final class ScriptedSmtp implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Map<String, Deque<String>> rcptReplies = new ConcurrentHashMap<>();
        private final List<String> commands = new CopyOnWriteArrayList<>();
        private final AtomicInteger messages = new AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        ScriptedSmtp() throws IOException {
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        sockets.add(socket);
                        Thread session = new Thread(() -> converse(socket), "test-scripted-smtp-session");
                        session.setDaemon(true);
                        session.start();
                    }
                } catch (IOException closed) {
                    // server closed: done
                }
            }, "test-scripted-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        /** Replies, in order, to the next RCPT TO commands naming this address. */
        ScriptedSmtp rcpt(String address, String... replies) {
            rcptReplies.computeIfAbsent(address, a -> new ConcurrentLinkedDeque<>())
                    .addAll(List.of(replies));
            return this;
        }

        private void converse(Socket socket) {
            try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)); OutputStream out = socket.getOutputStream()) {
                reply(out, "220 scripted ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                    String upper = line.toUpperCase(Locale.ROOT);
                    if (upper.startsWith("EHLO")) {
                        reply(out, "250-scripted\r\n250 8BITMIME");
                    } else if (upper.startsWith("RCPT TO:")) {
                        String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        Deque<String> queued = rcptReplies.get(address);
                        String scripted = queued == null ? null : queued.poll();
                        reply(out, scripted != null ? scripted : "250 2.1.5 OK");
                    } else if (upper.equals("DATA")) {
                        reply(out, "354 go ahead");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the message itself
                        }
                        messages.incrementAndGet();
                        reply(out, "250 2.0.0 queued");
                    } else if (upper.equals("QUIT")) {
                        reply(out, "221 bye");
                        return;
                    } else {
                        reply(out, "250 OK");
                    }
                }
            } catch (IOException e) {
                // client gone
            }
        }

        private static void reply(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        int port() {
            return server.getLocalPort();
        }

        /** Mails accepted after DATA. */
        int messages() {
            return messages.get();
        }

        List<String> rcptCommands() {
            return commands.stream().filter(command -> command.toUpperCase(Locale.ROOT).startsWith("RCPT"))
                    .toList();
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
