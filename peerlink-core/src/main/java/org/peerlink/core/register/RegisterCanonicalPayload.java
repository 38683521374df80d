package org.peerlink.core.register;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsonWriter;

/**
 * The canonical payloads a register signature covers (PROTOCOL.md §3.1), rebuilt from the parsed
 * values and serialised as {@code JSON.stringify} would: never sliced from the raw frame.
 */
public final class RegisterCanonicalPayload {

    /** The {@code auth.scheme} a register proof declares. */
    public static final String SCHEME = "peerlink-ed25519-v1";

    static final String PURPOSE = "bootstrap-register";
    static final String PROTOCOL = "1";

    private RegisterCanonicalPayload() {
    }

    /** v2: v1's fields, then a non-empty {@code legacyPeerId}, then an object {@code identityProfile}. */
    public static byte[] v2(RegisterProof proof) {
        JsObject.Builder canonical = v1Fields(proof);
        if (proof.legacyPeerId() instanceof JsString legacy && !legacy.value().isEmpty()) {
            canonical.put("legacyPeerId", legacy);
        }
        if (proof.identityProfile() instanceof JsObject profile) {
            canonical.put("identityProfile", profile);
        }
        return JsonWriter.stringifyUtf8(canonical.build());
    }

    /** v1, signed by older clients. */
    public static byte[] v1(RegisterProof proof) {
        return JsonWriter.stringifyUtf8(v1Fields(proof).build());
    }

    private static JsObject.Builder v1Fields(RegisterProof proof) {
        return JsObject.builder()
                .put("purpose", PURPOSE)
                .put("protocol", PROTOCOL)
                .put("peerId", proof.peerId())
                .put("timestampMs", proof.timestampMs())
                .put("nonce", proof.nonce())
                .put("signingPublicKey", proof.signingPublicKey());
    }
}
