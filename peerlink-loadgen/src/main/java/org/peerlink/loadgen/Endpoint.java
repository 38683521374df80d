package org.peerlink.loadgen;

import java.net.URI;

/**
 * Host and port of a server URL ({@code http://127.0.0.1:4000}, {@code ws://127.0.0.1:3000}). Only plain
 * HTTP and WebSocket: the generator measures the server, not a TLS terminator in front of it.
 *
 * @param host host name or address
 * @param port TCP port
 */
public record Endpoint(String host, int port) {

    /**
     * @throws IllegalArgumentException for anything but an {@code http://} or {@code ws://} URL
     */
    public static Endpoint parse(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"ws".equals(scheme)) {
            throw new IllegalArgumentException("only http:// and ws:// URLs are supported: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : 80;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 literal
        }
        return new Endpoint(host, port);
    }

    /** The value of a {@code Host} header. */
    public String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + port;
    }
}
