package org.peerlink.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One scrape of a Prometheus text endpoint ({@code /observe/metrics} on the admin listener), as series name with its
 * labels to value. Helidon's {@code scope} label is left out of the key, so a test names a series as a dashboard does:
 * {@code peerlink_relay_requests_total{endpoint="store",status="200"}} (labels sorted by name).
 */
public final class MetricsScrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Double> samples;
    private final String text;

    private MetricsScrape(String text) {
        this.text = text;
        Map<String, Double> parsed = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                parsed.put(key(m.group(1), m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        this.samples = parsed;
    }

    /**
     * Scrapes {@code http://127.0.0.1:PORT/observe/metrics}.
     *
     * @param http      client to use
     * @param adminPort the admin listener's port
     * @return the scrape
     * @throws IOException          if it cannot be fetched
     * @throws InterruptedException if interrupted
     */
    public static MetricsScrape of(HttpClient http, int adminPort) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPort + "/observe/metrics"))
                .header("Accept", "text/plain").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return parse(response.body());
    }

    /**
     * Parses Prometheus text.
     *
     * @param text the exposition
     * @return the scrape
     */
    public static MetricsScrape parse(String text) {
        return new MetricsScrape(text);
    }

    private static String key(String name, String labels) {
        Map<String, String> sorted = new TreeMap<>();
        Matcher m = LABEL.matcher(labels);
        while (m.find()) {
            if (!m.group(1).equals("scope")) {
                sorted.put(m.group(1), m.group(2));
            }
        }
        StringBuilder key = new StringBuilder(name);
        if (!sorted.isEmpty()) {
            key.append('{');
            sorted.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
            key.setCharAt(key.length() - 1, '}');
        }
        return key.toString();
    }

    /**
     * A series' value.
     *
     * @param name   the series name, e.g. {@code peerlink_signal_register_ack_total}
     * @param labels label names and values in turn, any order
     * @return its value, if the scrape has the series
     */
    public Optional<Double> find(String name, String... labels) {
        return Optional.ofNullable(samples.get(key(name, labelText(labels))));
    }

    /**
     * A series' value, failing when the scrape does not have it.
     *
     * @param name   the series name
     * @param labels label names and values in turn
     * @return its value
     */
    public double value(String name, String... labels) {
        return find(name, labels).orElseThrow(() -> new AssertionError("no series " + key(name, labelText(labels))
                + " in the scrape:\n" + text));
    }

    /** {@code a="b",c="d",} from names and values in turn, as the exposition writes labels. */
    private static String labelText(String... labels) {
        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            pairs.append(labels[i]).append("=\"").append(labels[i + 1]).append("\",");
        }
        return pairs.toString();
    }

    /**
     * Whether some series of this name (any labels) is in the scrape.
     *
     * @param name series name
     * @return whether it is there
     */
    public boolean has(String name) {
        return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }

    /** The scraped text, for failure messages. */
    @Override
    public String toString() {
        return text;
    }
}
