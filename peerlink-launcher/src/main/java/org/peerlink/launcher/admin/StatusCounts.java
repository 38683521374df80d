package org.peerlink.launcher.admin;

/**
 * The numbers of one moment that the status page charts: gauges as they are, counters as totals since the start
 * (the page and {@link StatusHistory} turn those into rates).
 *
 * @param atMs              when, epoch milliseconds
 * @param onlinePeers       {@code peerlink_signal_online_peers}
 * @param connections       {@code peerlink_signal_connections}
 * @param registers         {@code peerlink_signal_register_ack_total}
 * @param rejections        the sum of {@code peerlink_signal_register_rejected_total}
 * @param relayRequests     the sum of {@code peerlink_relay_requests_total}
 * @param relayRefused      of those, answered 4xx (the client's fault: a bad signature, a rate limit, a quota)
 * @param relayErrors       of those, answered 5xx (the server's fault)
 * @param queuedEnvelopes   {@code peerlink_relay_queued_envelopes}
 */
public record StatusCounts(long atMs, long onlinePeers, long connections, long registers, long rejections,
                           long relayRequests, long relayRefused, long relayErrors, long queuedEnvelopes) {
}
