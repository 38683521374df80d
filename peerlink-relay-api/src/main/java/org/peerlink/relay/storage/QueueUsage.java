package org.peerlink.relay.storage;

/**
 * What one recipient's queue holds: its unexpired envelopes and the characters of their text.
 *
 * @param envelopes unexpired queued envelopes
 * @param chars     characters of their stored text, together
 */
public record QueueUsage(int envelopes, long chars) {

    public static final QueueUsage EMPTY = new QueueUsage(0, 0);
}
