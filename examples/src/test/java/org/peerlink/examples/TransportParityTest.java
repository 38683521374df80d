package org.peerlink.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.helidon.webserver.WebServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerlink.identity.InMemoryIdentityPins;
import org.peerlink.relay.RelayLimits;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.signal.SignalService;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.relay.H2RelayStorage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay answers the same through the JDK's HTTP server as through the Helidon features (the launcher's
 * transport): both map requests through the api's route table, so unknown paths, wrong methods, the paths the
 * original's router also takes, repeated query parameters, the body limit and a rate limit come out alike. One
 * relay serves both, so that what one stores the other finds.
 */
class TransportParityTest {

    /** Small enough to send past in a test. */
    private static final long BODY_LIMIT = 64 * 1024;

    @TempDir
    Path dataDir;

    private H2Database database;
    private SignalService signal;
    private WebServer helidon;
    private EmbeddedRelayServer jdk;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        database = H2Database.open(dataDir);
        RelaySettings defaults = RelaySettings.defaults();
        // A limiter that refuses one endpoint, so that the 429 is compared too.
        RelayLimits limits = (endpoint, address) -> endpoint == RelayEndpoint.BLOB_COMPLETE
                ? Optional.of(Duration.ofMillis(1500)) : Optional.empty();
        RelayService relay = RelayService.builder(new H2RelayStorage(database))
                .settings(new RelaySettings(defaults.messageRetention(), defaults.tombstoneRetention(),
                        defaults.uploadSessionTtl(), defaults.maxBlobTtl(), BODY_LIMIT))
                .limits(limits)
                .build();
        signal = HelidonEmbedding.inMemorySignal(new InMemoryIdentityPins());
        helidon = HelidonEmbedding.mount(relay, signal, 0, 0);
        jdk = EmbeddedRelayServer.start(relay, 0);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        jdk.close();
        helidon.stop();
        signal.close();
        database.close();
    }

    private record Answer(int status, String contentType, String allow, String retryAfter, String body) {
    }

    private Answer send(int port, String method, String pathAndQuery, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, publisher)
                .build();
        HttpResponse<String> response = client.send(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(null),
                response.headers().firstValue("allow").orElse(null),
                response.headers().firstValue("retry-after").orElse(null), response.body());
    }

    @Test
    void bothTransportsAnswerAlike() throws Exception {
        List<String[]> requests = List.of(
                new String[] {"GET", "/relay/capabilities", null},
                new String[] {"GET", "/RELAY/Capabilities/", null},
                new String[] {"POST", "/relay/capabilities", "{}"},
                new String[] {"PUT", "/relay/store", "{}"},
                new String[] {"GET", "/relay/store", null},
                new String[] {"DELETE", "/relay/blob/x", null},
                new String[] {"POST", "/relay/store", "[]"},
                new String[] {"POST", "/relay/store", "{\"id\":\"m1\"}"},
                new String[] {"POST", "/relay/probe/", "{\"v\":\"1\",\"client\":\"parity\"}"},
                new String[] {"POST", "/relay/ack", "x".repeat((int) BODY_LIMIT + 1)},
                new String[] {"POST", "/relay/blob/upload/complete", "x".repeat((int) BODY_LIMIT + 1)},
                new String[] {"GET", "/relay/fetch", null},
                new String[] {"GET", "/relay/fetch?to=bob&to=carol", null},
                new String[] {"GET", "/relay/fetch?to=bob&limit=5&limit=6", null},
                new String[] {"GET", "/relay/fetch?to=b%6Fb+x", null},
                new String[] {"GET", "/relay/blob/upload", null},
                new String[] {"GET", "/relay/blob/a%2Fb", null},
                new String[] {"GET", "/relay/blob/", null},
                new String[] {"GET", "/relay//fetch?to=bob", null},
                new String[] {"GET", "/nope", null},
                new String[] {"POST", "/health/extra", "{}"},
                new String[] {"POST", "/health", "x"});
        List<String> differences = new ArrayList<>();
        for (String[] request : requests) {
            Answer viaHelidon = send(helidon.port(), request[0], request[1], request[2]);
            Answer viaJdk = send(jdk.port(), request[0], request[1], request[2]);
            if (!withoutTime(viaHelidon).equals(withoutTime(viaJdk))) {
                differences.add(request[0] + " " + request[1] + ": Helidon " + viaHelidon + ", JDK " + viaJdk);
            }
        }
        assertEquals(List.of(), differences);
        assertEquals(429, send(jdk.port(), "POST", "/relay/blob/upload/complete", "{}").status());
    }

    /** The server's clock in a body ({@code "ts":...}) moves between the two requests. */
    private static Answer withoutTime(Answer answer) {
        return new Answer(answer.status(), answer.contentType(), answer.allow(), answer.retryAfter(),
                answer.body().replaceAll("\"ts\":\\d+", "\"ts\":0"));
    }

    @Test
    void healthIsTheSameDocument() throws Exception {
        Answer viaHelidon = send(helidon.port(), "GET", "/health", null);
        Answer viaJdk = send(jdk.port(), "GET", "/health", null);
        assertEquals(viaHelidon.status(), viaJdk.status());
        assertEquals(viaHelidon.contentType(), viaJdk.contentType());
        assertTrue(viaHelidon.body().matches("\\{\"ok\":true,\"ts\":\\d+}"), viaHelidon.body());
        assertTrue(viaJdk.body().matches("\\{\"ok\":true,\"ts\":\\d+}"), viaJdk.body());
    }
}
