package org.peerlink.relay.storage;

/**
 * What a relay store holds altogether, for an operator's meters and status page. Expired entries may still count
 * until the sweep deletes them (they take space until then).
 *
 * @param queuedEnvelopes envelopes waiting in every queue
 * @param envelopeChars   characters of their text
 * @param blobBytes       bytes of complete blobs
 * @param uploadBytes     bytes of the chunks of unfinished chunked uploads
 */
public record StoredTotals(long queuedEnvelopes, long envelopeChars, long blobBytes, long uploadBytes) {
}
