package org.peerlink.launcher.admin;

import java.util.List;

import io.helidon.health.HealthCheckType;
import io.helidon.health.checks.HealthChecks;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.spi.ServerFeature;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import org.peerlink.launcher.AdminSettings;

/**
 * The operator's listener, a socket of its own ({@value #SOCKET}) so that nothing of it is mounted on the relay or
 * signal sockets: Helidon's observability ({@code /observe/metrics} in the Prometheus text format,
 * {@code /observe/health}, {@code /live}, {@code /ready}), and the operator's own routes: the status page
 * ({@link StatusService}) and the online backup ({@link BackupService}). Nothing here asks who is calling: the
 * listener binds to loopback by default and must stay off the public network.
 */
public final class AdminListener {

    /** The admin socket's name. */
    public static final String SOCKET = "admin";

    private AdminListener() {
    }

    /**
     * Add the admin socket and its routes.
     *
     * @param server    server builder
     * @param settings  where it listens
     * @param registry  the meters to show
     * @param readiness the readiness checks
     * @param services  the operator's routes
     */
    public static void setup(WebServerConfig.Builder server, AdminSettings settings, MeterRegistry registry,
                             Readiness readiness, List<HttpService> services) {
        server.putSocket(SOCKET, socket -> socket.host(settings.host()).port(settings.port()));
        server.addFeature(ObserveFeature.builder()
                .sockets(List.of(SOCKET))
                // only what is named here: no service-loaded observers on a listener whose content we document
                .observersDiscoverServices(false)
                .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                .addObserver(HealthObserver.builder()
                        .useSystemServices(false)
                        .details(true)
                        // live: the process is not wedged; a full heap or disk is readiness's business, not a
                        // reason for a supervisor to restart it
                        .addCheck(HealthChecks.deadlockCheck(), HealthCheckType.LIVENESS)
                        .addCheck(readiness::store, HealthCheckType.READINESS, "store")
                        .addCheck(readiness::disk, HealthCheckType.READINESS, "disk")
                        .addCheck(readiness::drain, HealthCheckType.READINESS, "drain")
                        .build())
                .build());
        server.addFeature(new ServerFeature() {
            @Override
            public void setup(ServerFeatureContext features) {
                HttpRouting.Builder routing = features.socket(SOCKET).httpRouting();
                services.forEach(routing::register);
            }

            @Override
            public String name() {
                return "peerlink-admin";
            }

            @Override
            public String type() {
                return "peerlink-admin";
            }
        });
    }
}
