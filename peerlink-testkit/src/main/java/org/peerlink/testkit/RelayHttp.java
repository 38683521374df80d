package org.peerlink.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.MalformedJsonException;

/** A relay client over {@code java.net.http} for tests of a running relay. */
public final class RelayHttp implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public RelayHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Reply(int status, String body) {
        public JsObject json() {
            try {
                return (JsObject) JsonReader.parse(body);
            } catch (MalformedJsonException | ClassCastException e) {
                throw new AssertionError("not a JSON object: " + body, e);
            }
        }
    }

    public Reply post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body());
    }

    public Reply post(String path, JsObject body) throws IOException, InterruptedException {
        return post(path, RelaySigner.json(body));
    }

    public Reply get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body());
    }

    /** A response whose body is read as it arrives; the caller closes the stream. */
    public HttpResponse<InputStream> stream(String path, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).build();
        return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Every envelope queued for {@code to}, following the cursor page by page. */
    public List<JsObject> fetchAll(String to, int limit) throws IOException, InterruptedException {
        List<JsObject> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            String query = "/relay/fetch?to=" + encode(to) + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + encode(cursor));
            Reply reply = get(query);
            if (reply.status() != 200) {
                throw new AssertionError("fetch failed: " + reply);
            }
            JsArray page = (JsArray) reply.json().get("messages");
            if (page.size() == 0) {
                return all;
            }
            for (JsValue message : page.items()) {
                all.add((JsObject) message);
            }
            cursor = reply.json().string("cursor").orElseThrow();
        }
    }

    public List<String> fetchAllIds(String to, int limit) throws IOException, InterruptedException {
        return fetchAll(to, limit).stream().map(m -> m.string("id").orElseThrow()).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
