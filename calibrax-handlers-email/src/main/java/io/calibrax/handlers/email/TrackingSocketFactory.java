package io.calibrax.handlers.email;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands Jakarta Mail its plain TCP sockets (TLS is layered on top of them) and remembers the open
 * ones, so that a watchdog can close them when an SMTP exchange overruns its total deadline.
 * Read and write timeouts bound each step; only closing the socket bounds a server that answers
 * one byte at a time. Thread-safe.
 */
final class TrackingSocketFactory extends SocketFactory {
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final int connectTimeoutMillis;

    TrackingSocketFactory(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** An unconnected socket; Jakarta Mail connects it with its connection timeout. */
    @Override
    public Socket createSocket() {
        Socket socket = new TrackedSocket();
        open.add(socket);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote, connectTimeoutMillis);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Closes every open socket, which makes any read or write on it fail at once. */
    void closeAll() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already broken: that is what we wanted
            }
        }
    }

    int openCount() {
        return open.size();
    }

    private final class TrackedSocket extends Socket {
        @Override
        public synchronized void close() throws IOException {
            try {
                super.close();
            } finally {
                open.remove(this);
            }
        }
    }
}
