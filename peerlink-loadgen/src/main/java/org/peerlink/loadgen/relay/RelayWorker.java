package org.peerlink.loadgen.relay;

import java.io.IOException;

import org.peerlink.loadgen.Endpoint;
import org.peerlink.loadgen.Run;
import org.peerlink.loadgen.http.HttpConnection;
import org.peerlink.loadgen.stats.LatencyRecorder;

/**
 * A relay workload's worker thread: one keep-alive connection, used round after round until the run stops. An
 * I/O error counts as a failure and drops the connection, which the next request opens again, so that a server
 * closing sockets under load shows in the failure count instead of ending the worker.
 */
final class RelayWorker {

    private final Run run;
    private final HttpConnection connection;

    private RelayWorker(Run run, HttpConnection connection) {
        this.run = run;
        this.connection = connection;
    }

    /** What a worker does again and again. */
    @FunctionalInterface
    interface Round {
        void run(RelayWorker worker) throws IOException;
    }

    /**
     * The worker, not yet started ({@link Run#drive} starts it).
     *
     * @param name  thread name
     * @param relay where to connect
     * @param run   the run whose end stops the worker and which counts its failures
     * @param round one round of requests
     * @return the thread
     */
    static Thread thread(String name, Endpoint relay, Run run, Round round) {
        return Thread.ofPlatform().name(name).unstarted(() -> {
            try (HttpConnection connection = new HttpConnection(relay)) {
                RelayWorker worker = new RelayWorker(run, connection);
                while (!run.stopped()) {
                    try {
                        round.run(worker);
                    } catch (IOException e) {
                        run.failed(e.toString());
                        connection.disconnect();
                    }
                }
            }
        });
    }

    /**
     * Send a request and read the response, checking nothing.
     *
     * @param request the whole HTTP request
     * @return the response
     * @throws IOException if the connection fails
     */
    HttpConnection.Response exchange(byte[] request) throws IOException {
        return connection.exchange(request);
    }

    /**
     * Send a request that must come back 200 with {@code expected} in the body; anything else is a failure of the
     * run.
     *
     * @param request  the whole HTTP request
     * @param expected text the response body must contain, e.g. {@code "stored":true}
     * @param latency  where the round trip is recorded while the run is measuring
     * @return true if the response was as expected and the run is measuring: the operation counts
     * @throws IOException if the connection fails
     */
    boolean expect(byte[] request, String expected, LatencyRecorder latency) throws IOException {
        long start = System.nanoTime();
        HttpConnection.Response response = connection.exchange(request);
        long nanos = System.nanoTime() - start;
        if (response.status() != 200 || !response.text().contains(expected)) {
            run.failed(response.status() + " " + response.text());
            return false;
        }
        if (!run.measuring()) {
            return false;
        }
        latency.record(nanos);
        return true;
    }
}
