package dev.custodian.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP proxy a test controls, to take a server away from one client without disturbing
 * anyone else who uses it: {@link #cut()} drops every connection and refuses new ones, as a
 * restarting or unreachable PostgreSQL would look; {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;
    private final InetSocketAddress target;
    private final List<Socket> open = new ArrayList<>();
    private ServerSocket listener;

    public TcpProxy(String targetHost, int targetPort) {
        this.port = FreePorts.next();
        this.target = new InetSocketAddress(targetHost, targetPort);
        restore();
    }

    public int port() {
        return port;
    }

    /** Listens (again) and forwards every new connection to the target. */
    public synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port, e);
        }
        ServerSocket accepting = listener;
        Thread acceptor = new Thread(() -> accept(accepting), "proxy " + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes every connection through the proxy and stops listening: clients see resets, then refusals. */
    public synchronized void cut() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket client = accepting.accept();
                Socket server = new Socket();
                server.connect(target, 2000);
                synchronized (this) {
                    if (listener != accepting) { // cut while connecting
                        closeQuietly(client);
                        closeQuietly(server);
                        continue;
                    }
                    open.add(client);
                    open.add(server);
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException closedOrRefused) {
                // the listener was closed by cut(), or the target refused one connection
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy " + from.getPort() + "->" + to.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
