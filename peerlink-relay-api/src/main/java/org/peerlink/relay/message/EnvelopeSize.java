package org.peerlink.relay.message;

import org.peerlink.core.json.JsNumber;
import org.peerlink.relay.RelayCaps;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.request.RelayRejection;

/** The size cap on one stored envelope, shared by store and group store. */
public final class EnvelopeSize {

    private EnvelopeSize() {
    }

    /**
     * @param json the envelope's text as it would be stored
     * @throws RelayRejection 413 {@code envelope too large} with the {@code limit}
     */
    public static void requireFits(String json, RelayCaps caps) {
        requireFits(json.length(), caps);
    }

    /** The same for an envelope of {@code chars} characters. */
    public static void requireFits(long chars, RelayCaps caps) {
        if (chars > caps.maxEnvelopeChars()) {
            throw RelayRejection.of(RelayError.ENVELOPE_TOO_LARGE, "limit", JsNumber.of(caps.maxEnvelopeChars()));
        }
    }
}
