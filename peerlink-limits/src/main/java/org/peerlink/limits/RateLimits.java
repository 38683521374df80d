package org.peerlink.limits;

import java.util.Objects;

/**
 * Every rate limit of the server, in one place, with its default. The defaults are generous enough for many app users
 * behind one carrier NAT (one address), and the per-key ones tighter than the per-address ones, since a key is one
 * device. The app's own rates (PROTOCOL.md §3.4): a fetch every 2 s and a health check and probe every 8 s per relay,
 * a store or group store per message and an ack per message received, 1 MiB blob chunks 5 at a time, a register per
 * connection (reconnecting after 1–15 s), a ping every 20 s and a peers request every 15 s, and about 30 signal
 * messages in the first two seconds of a call, then 1–3 a second.
 *
 * @param relayReadPerAddress      fetch, health, capabilities and probe, per client address: 100 users behind one
 *                                 NAT poll ~4500 times a minute
 * @param relayWritePerAddress     store, ack, group store and members update, per client address
 * @param relayBlobPerAddress      blob upload, chunk, completion and download, per client address: a fast upload
 *                                 sends ~1200 chunks a minute
 * @param relayWritePerKey         verified signed writes and uploads per signing key (one device): after a fetch of
 *                                 50 messages come 50 acks
 * @param signalRegisterPerAddress registers per client address
 * @param signalRegisterPerPeer    verified registers per peerId (one device): the app registers once per connection
 * @param signalMessagesPerConnection messages per signal connection
 */
public record RateLimits(RateLimit relayReadPerAddress, RateLimit relayWritePerAddress, RateLimit relayBlobPerAddress,
                         RateLimit relayWritePerKey, RateLimit signalRegisterPerAddress, RateLimit signalRegisterPerPeer,
                         RateLimit signalMessagesPerConnection) {

    public RateLimits {
        Objects.requireNonNull(relayReadPerAddress);
        Objects.requireNonNull(relayWritePerAddress);
        Objects.requireNonNull(relayBlobPerAddress);
        Objects.requireNonNull(relayWritePerKey);
        Objects.requireNonNull(signalRegisterPerAddress);
        Objects.requireNonNull(signalRegisterPerPeer);
        Objects.requireNonNull(signalMessagesPerConnection);
    }

    public static RateLimits defaults() {
        return new RateLimits(
                RateLimit.perMinute(2000, 6000),
                RateLimit.perMinute(1200, 3000),
                RateLimit.perMinute(1000, 3000),
                RateLimit.perMinute(300, 600),
                RateLimit.perMinute(300, 600),
                RateLimit.perMinute(20, 30),
                // a burst of 60: twice a call's setup, and what a flooding connection gets through before its
                // reader is parked (FloodTest's register storm: 200 connections × 200 held /health up for a second)
                RateLimit.perMinute(60, 3000));
    }
}
