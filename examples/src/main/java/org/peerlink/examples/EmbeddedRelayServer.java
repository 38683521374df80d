package org.peerlink.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.peerlink.relay.RelayAdmission;
import org.peerlink.relay.RelayResponse;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.route.RelayQuery;
import org.peerlink.relay.route.RelayRoute;
import org.peerlink.relay.route.RelayRoutes;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.relay.H2RelayStorage;

/**
 * The relay mounted in the JDK's own {@code com.sun.net.httpserver} instead of Helidon: all a host server has to do
 * is resolve the route with the api's table ({@link RelayRoutes}), cap the body size and send back what
 * {@link RelayService#answer} gives. It then answers as the launcher does, unknown paths and wrong methods included.
 * <p>
 * Run: {@code java -cp ... org.peerlink.examples.EmbeddedRelayServer ./relay-data 4000}
 */
public final class EmbeddedRelayServer implements AutoCloseable {

    private final RelayService relay;
    private final HttpServer http;
    private final Runnable owned;

    private EmbeddedRelayServer(RelayService relay, HttpServer http, Runnable owned) {
        this.relay = relay;
        this.http = http;
        this.owned = owned;
    }

    /** Opens the relay's database under {@code dataDir} and listens on {@code 127.0.0.1:port} (0 = any). */
    public static EmbeddedRelayServer start(Path dataDir, int port) throws IOException {
        H2Database database = H2Database.open(dataDir);
        RelayService relay = new RelayService(new H2RelayStorage(database), RelaySettings.defaults(),
                InstantSource.system());
        return start(relay, port, database::close);
    }

    /** Serves a relay the caller owns (and closes) on {@code 127.0.0.1:port} (0 = any). */
    public static EmbeddedRelayServer start(RelayService relay, int port) throws IOException {
        return start(relay, port, () -> {
        });
    }

    private static EmbeddedRelayServer start(RelayService relay, int port, Runnable owned) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        EmbeddedRelayServer server = new EmbeddedRelayServer(relay, http, owned);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * One request: the api's route table says where it goes, the relay answers, and the answer is sent. The body
     * is read only for a route that takes one, and held to the relay's limit.
     */
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            // Helidon drops "." segments and empty ones ("//") before it decodes the path; so does this.
            String path = uri.normalize().getPath().replaceAll("/{2,}", "/");
            RelayRoute route = RelayRoutes.resolve(method, path, uri.getRawPath());
            String client = exchange.getRemoteAddress().getAddress().getHostAddress();
            try (RelayAdmission admission = relay.admit(route, client)) {
                Optional<RelayResponse> refused = admission.refusal();
                if (refused.isPresent()) {
                    send(exchange, method, refused.get());
                    return;
                }
                byte[] body = new byte[0];
                if (route.takesBody()) {
                    body = readBody(exchange.getRequestBody(), relay.settings().maxBodyBytes());
                    if (body == null) {
                        send(exchange, method, relay.tooLarge(route));
                        return;
                    }
                }
                send(exchange, method, relay.answer(route, RelayQuery.parse(uri.getRawQuery()), body));
            }
        }
    }

    private static void send(HttpExchange exchange, String method, RelayResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        switch (response) {
            case RelayResponse.Text text -> {
                text.headers().forEach(exchange.getResponseHeaders()::set);
                byte[] bytes = text.json().getBytes(StandardCharsets.UTF_8);
                if (method.equals("HEAD")) {
                    exchange.sendResponseHeaders(text.status().httpStatus(), -1); // -1: no body
                } else {
                    exchange.sendResponseHeaders(text.status().httpStatus(), bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            }
            case RelayResponse.Streamed streamed -> {
                exchange.sendResponseHeaders(streamed.status().httpStatus(), 0); // 0: chunked
                try (OutputStream out = exchange.getResponseBody()) {
                    streamed.writeTo(out);
                }
            }
        }
    }

    /** The body, or null when it is longer than {@code limit}; reads at most one byte past the limit. */
    private static byte[] readBody(InputStream in, long limit) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return body.length > limit ? null : body;
    }

    /** Stops listening, then closes the database it opened (which waits for pending commits). */
    @Override
    public void close() {
        http.stop(1);
        owned.run();
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "relay-data");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        EmbeddedRelayServer server = start(dataDir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("relay listening on http://127.0.0.1:" + server.port());
    }
}
