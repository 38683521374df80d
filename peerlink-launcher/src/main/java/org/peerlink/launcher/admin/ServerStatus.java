package org.peerlink.launcher.admin;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.helidon.observe.RelayMeters;
import org.peerlink.helidon.observe.SignalMeters;
import org.peerlink.relay.storage.StoredTotals;
import org.peerlink.store.jdbc.h2.H2Database;

/**
 * The headline numbers a self-hoster looks at, for the status page ({@code /status.json}) and {@code admin stats}:
 * read from the same meters {@code /observe/metrics} exports, so both always agree.
 */
public final class ServerStatus implements AutoCloseable {

    private final Optional<SignalMeters> signal;
    private final Optional<RelayMeters> relay;
    private final StoreMeters store;
    private final Readiness readiness;
    private final Path dataDirectory;
    private final String version;
    private final StatusHistory history;

    /**
     * Starts keeping the history.
     *
     * @param signal        the signal service's meters, if it runs
     * @param relay         the relay's meters, if it runs
     * @param store         the store's meters
     * @param readiness     readiness and free disk
     * @param dataDirectory the data directory
     */
    public ServerStatus(Optional<SignalMeters> signal, Optional<RelayMeters> relay, StoreMeters store,
                        Readiness readiness, Path dataDirectory) {
        this.signal = signal;
        this.relay = relay;
        this.store = store;
        this.readiness = readiness;
        this.dataDirectory = dataDirectory;
        this.version = Optional.ofNullable(ServerStatus.class.getPackage().getImplementationVersion())
                .orElse("development build");
        this.history = new StatusHistory(this::counts);
    }

    /**
     * The numbers now.
     *
     * @return counts
     */
    public StatusCounts counts() {
        long requests = relay.map(r -> r.answered(0, 1000)).orElse(0L);
        long refused = relay.map(r -> r.answered(400, 500)).orElse(0L);
        long errors = relay.map(r -> r.answered(500, 600)).orElse(0L);
        return new StatusCounts(System.currentTimeMillis(),
                signal.map(SignalMeters::onlinePeers).orElse(0L), signal.map(SignalMeters::connections).orElse(0L),
                signal.map(SignalMeters::registerAcks).orElse(0L),
                signal.map(SignalMeters::registerRejections).orElse(0L),
                requests, refused, errors, store.totals().queuedEnvelopes());
    }

    /**
     * Everything the status page shows.
     *
     * @return the {@code /status.json} document
     */
    public JsObject json() {
        StatusCounts now = counts();
        List<StatusCounts> samples = history.samples();
        StatusCounts minuteAgo = samples.stream().filter(s -> now.atMs() - s.atMs() >= 60_000)
                .reduce((a, b) -> b).orElse(samples.isEmpty() ? now : samples.getFirst());
        StoredTotals totals = store.totals();
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        return JsObject.builder()
                .put("version", version)
                .put("uptimeSeconds", number(uptimeMs / 1000))
                .put("ready", JsBoolean.of(readiness.ready()))
                .put("draining", JsBoolean.of(readiness.draining()))
                .put("signal", JsObject.builder()
                        .put("running", JsBoolean.of(signal.isPresent()))
                        .put("onlinePeers", number(now.onlinePeers()))
                        .put("connections", number(now.connections()))
                        .put("registers", number(now.registers()))
                        .put("rejections", number(now.rejections()))
                        .build())
                .put("relay", JsObject.builder()
                        .put("running", JsBoolean.of(relay.isPresent()))
                        .put("requests", number(now.relayRequests()))
                        .put("refused", number(now.relayRefused()))
                        .put("errors", number(now.relayErrors()))
                        .put("queuedEnvelopes", number(now.queuedEnvelopes()))
                        .put("storedBytes", JsObject.builder()
                                .put("envelopes", number(totals.envelopeChars()))
                                .put("blobs", number(totals.blobBytes()))
                                .put("uploads", number(totals.uploadBytes()))
                                .build())
                        .build())
                .put("pins", number(store.pins()))
                .put("perMinute", perMinute(minuteAgo, now))
                .put("disk", disk())
                .put("history", JsObject.builder()
                        .put("intervalSeconds", number(StatusHistory.INTERVAL_SECONDS))
                        .put("samples", new JsArray(samples.stream().<JsValue>map(ServerStatus::sample).toList()))
                        .build())
                .build();
    }

    /** Rates over the last minute (or what there is of it, scaled to a minute). */
    private static JsObject perMinute(StatusCounts from, StatusCounts to) {
        double minutes = Math.max(1, to.atMs() - from.atMs()) / 60_000.0;
        return JsObject.builder()
                .put("registers", rate(to.registers() - from.registers(), minutes))
                .put("rejections", rate(to.rejections() - from.rejections(), minutes))
                .put("relayRequests", rate(to.relayRequests() - from.relayRequests(), minutes))
                .put("relayRefused", rate(to.relayRefused() - from.relayRefused(), minutes))
                .put("relayErrors", rate(to.relayErrors() - from.relayErrors(), minutes))
                .build();
    }

    private static JsValue rate(long delta, double minutes) {
        return number(Math.round(delta / minutes));
    }

    private JsObject disk() {
        long total = -1;
        try {
            total = Files.getFileStore(dataDirectory).getTotalSpace();
        } catch (IOException | RuntimeException e) {
            // shown as unknown
        }
        long database = -1;
        try {
            database = Files.size(dataDirectory.resolve(H2Database.FILE_NAME));
        } catch (IOException | RuntimeException e) {
            // shown as unknown
        }
        return JsObject.builder()
                .put("dataDirectory", dataDirectory.toString())
                .put("usableBytes", number(readiness.usableBytes()))
                .put("totalBytes", number(total))
                .put("databaseBytes", number(database))
                .build();
    }

    private static JsObject sample(StatusCounts s) {
        return JsObject.builder()
                .put("atMs", number(s.atMs()))
                .put("onlinePeers", number(s.onlinePeers()))
                .put("registers", number(s.registers()))
                .put("rejections", number(s.rejections()))
                .put("relayRequests", number(s.relayRequests()))
                .put("relayErrors", number(s.relayErrors()))
                .put("queuedEnvelopes", number(s.queuedEnvelopes()))
                .build();
    }

    private static JsNumber number(long value) {
        return JsNumber.of(value);
    }

    @Override
    public void close() {
        history.close();
    }
}
