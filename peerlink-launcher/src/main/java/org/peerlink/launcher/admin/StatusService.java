package org.peerlink.launcher.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.peerlink.core.json.JsonWriter;

/**
 * The status page on the admin listener: {@code GET /}, one HTML page with its script and styles inline (it works
 * offline, behind a firewall, over an SSH tunnel), which polls {@code GET /status.json} every few seconds.
 */
public final class StatusService implements HttpService {

    /** The page's JSON. */
    public static final String JSON_PATH = "/status.json";

    private final ServerStatus status;
    private final byte[] page;

    /**
     * @param status the numbers to show
     */
    public StatusService(ServerStatus status) {
        this.status = status;
        try (InputStream in = StatusService.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IllegalStateException("status.html is missing from the launcher's jar");
            }
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read status.html", e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page)
                .get(JSON_PATH, this::json);
    }

    private void page(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                // nothing external: the page's own inline script and styles, and its own JSON
                .header(HeaderNames.create("Content-Security-Policy"),
                        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'")
                .send(page);
    }

    private void json(ServerRequest req, ServerResponse res) {
        res.header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(JsonWriter.stringify(status.json()).getBytes(StandardCharsets.UTF_8));
    }
}
