package org.peerlink.launcher;

import java.time.Clock;
import java.util.Map;

import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;

/**
 * {@code GET /health} on the relay listener: {@code {"ok":true,"ts":<epoch millis>}}.
 */
public final class HealthService implements HttpService {

    /** Where it answers. */
    static final String PATH = "/health";

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private final Clock clock;

    /**
     * Health service using the system clock.
     */
    public HealthService() {
        this(Clock.systemUTC());
    }

    /**
     * Health service with a given clock (tests).
     *
     * @param clock source of {@code ts}
     */
    public HealthService(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::health)
                .any(PATH, JsonErrors.methodNotAllowed(Method.GET));
    }

    private void health(ServerRequest req, ServerResponse res) {
        // JSON-P media support writes it with Content-Type: application/json
        res.send(JSON.createObjectBuilder()
                         .add("ok", true)
                         .add("ts", clock.millis())
                         .build());
    }
}
