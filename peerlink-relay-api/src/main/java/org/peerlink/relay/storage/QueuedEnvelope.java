package org.peerlink.relay.storage;

import java.util.Objects;

/**
 * One envelope waiting in the queue of {@code to}.
 *
 * @param to          the recipient whose queue holds it
 * @param id          the envelope id; (to, id) is unique among queued envelopes and ack tombstones
 * @param json        the envelope exactly as it is returned by fetch (JSON object text)
 * @param expiresAtMs when it stops being fetchable (epoch ms)
 */
public record QueuedEnvelope(String to, String id, String json, long expiresAtMs) {
    public QueuedEnvelope {
        Objects.requireNonNull(to);
        Objects.requireNonNull(id);
        Objects.requireNonNull(json);
    }
}
