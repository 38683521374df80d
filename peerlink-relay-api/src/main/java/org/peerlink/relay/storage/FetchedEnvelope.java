package org.peerlink.relay.storage;

/**
 * An envelope as fetch returns it.
 *
 * @param id   the envelope id (the next cursor when it is the last one returned)
 * @param json the stored JSON object text
 */
public record FetchedEnvelope(String id, String json) {
}
