package org.peerlink.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.peerlink.relay.RelayPost;
import org.peerlink.relay.RelayResponse;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.storage.h2.H2Database;
import org.peerlink.relay.storage.h2.H2RelayStorage;

/**
 * The relay mounted in the JDK's own {@code com.sun.net.httpserver} instead of the Helidon launcher: all a host
 * server has to do is map paths to {@link RelayService}, cap the body size and send back what it answers.
 * <p>
 * Run: {@code java -cp ... org.peerlink.examples.EmbeddedRelayServer ./relay-data 4000}
 */
public final class EmbeddedRelayServer implements AutoCloseable {

    private final H2Database database;
    private final RelayService relay;
    private final HttpServer http;

    private EmbeddedRelayServer(H2Database database, RelayService relay, HttpServer http) {
        this.database = database;
        this.relay = relay;
        this.http = http;
    }

    /** Opens the relay's database under {@code dataDir} and listens on {@code 127.0.0.1:port} (0 = any). */
    public static EmbeddedRelayServer start(Path dataDir, int port) throws IOException {
        H2Database database = H2Database.open(dataDir);
        RelayService relay = new RelayService(new H2RelayStorage(database), RelaySettings.defaults(),
                InstantSource.system());
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        EmbeddedRelayServer server = new EmbeddedRelayServer(database, relay, http);
        http.createContext("/relay/", server::handle);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            RelayResponse response;
            if (method.equals("POST") && post(path) != null) {
                byte[] body = readBody(exchange.getRequestBody(), relay.settings().maxBodyBytes());
                if (body == null) {
                    send(exchange, 413, "{\"error\":\"payload too large\"}");
                    return;
                }
                response = relay.post(post(path), body);
            } else if (method.equals("GET") && path.equals("/relay/fetch")) {
                Map<String, String> query = query(exchange.getRequestURI());
                response = relay.fetch(query.get("to"), query.get("cursor"), query.get("limit"));
            } else if (method.equals("GET") && path.equals("/relay/capabilities")) {
                response = relay.capabilities();
            } else if (method.equals("GET") && path.startsWith("/relay/blob/")) {
                response = relay.blob(path.substring("/relay/blob/".length()));
            } else {
                send(exchange, 404, "{\"error\":\"not found\"}");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            switch (response) {
                case RelayResponse.Text text -> send(exchange, text.status().httpStatus(), text.json());
                case RelayResponse.Streamed streamed -> {
                    exchange.sendResponseHeaders(streamed.status().httpStatus(), 0); // 0: chunked
                    try (OutputStream out = exchange.getResponseBody()) {
                        streamed.writeTo(out);
                    }
                }
            }
        }
    }

    private static RelayPost post(String path) {
        for (RelayPost endpoint : RelayPost.values()) {
            if (endpoint.path().equals(path)) {
                return endpoint;
            }
        }
        return null;
    }

    /** The body, or null when it is longer than {@code limit}; reads at most one byte past the limit. */
    private static byte[] readBody(InputStream in, long limit) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return body.length > limit ? null : body;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(key, value); // the first value wins, as in Helidon's query().first()
            }
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Stops listening, then closes the database (which waits for pending commits). */
    @Override
    public void close() {
        http.stop(1);
        database.close();
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "relay-data");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        EmbeddedRelayServer server = start(dataDir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("relay listening on http://127.0.0.1:" + server.port());
    }
}
