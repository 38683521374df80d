package org.peerlink.testkit;

import java.util.List;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;

/**
 * An {@code identityProfile} exactly as the PeerLink app builds it (PROTOCOL.md §3.4; the app's
 * {@code identityProfileJson} and {@code AccountIdentity.toJson}): deviceId and stableUserId are the peerId, the
 * account identity lists the device with its keys and push endpoint, about 1 KB. The server re-serialises it
 * byte-exactly to verify the v2 register signature, so tests, benchmarks and load generators send this one rather
 * than a toy object that would understate that cost.
 */
public final class RealisticIdentityProfile {

    private RealisticIdentityProfile() {
    }

    /**
     * The profile of one peer.
     *
     * @param peerId    the peer, also the profile's {@code deviceId} and {@code stableUserId}
     * @param accountId account id, e.g. {@code acc-f82af80ba6b5e6d3b8bb0858}
     * @param publicKey the peer's public key in base64
     * @return the profile
     */
    public static JsObject of(String peerId, String accountId, String publicKey) {
        String agreementKey = "+HxOKjoPhb4SHOCnMMtHLOQBMef/Bsc7Plu2pCvuXXI=";
        String endpointId = "Qm9fJ3c5d0VnYUZ6eHl0c0t2cHFNTk9u";
        String tokenHash = "5d0b9c4f6ad16dd8d5c4b1f3e0a2b7c8d9e6f1a2b3c4d5e6f708192a3b4c5d6e";
        return JsObject.builder()
                .put("schemaVersion", JsNumber.of(2))
                .put("accountId", accountId)
                .put("activeAccountId", accountId)
                .put("homeAccountId", accountId)
                .put("deviceId", peerId)
                .put("stableUserId", peerId)
                .put("publicKey", publicKey)
                .put("agreementPublicKey", agreementKey)
                .put("deviceInstallIdHash", "9b1f6ac0e4d27c3b58a1f0e6d2c7b4a9e3f8d1c6b0a5e2f7d4c9b8a3e6f1d0c2")
                .put("accountIdentity", JsObject.builder()
                        .put("schemaVersion", JsNumber.of(1))
                        .put("membershipVersion", JsNumber.of(1))
                        .put("accountId", accountId)
                        .put("displayName", "Олена 🌻 \"Lena\"")
                        .put("devices", new JsArray(List.of(JsObject.builder()
                                .put("deviceId", peerId)
                                .put("peerId", peerId)
                                .put("signingPublicKey", publicKey)
                                .put("agreementPublicKey", agreementKey)
                                .put("endpointId", endpointId)
                                .put("fcmTokenHash", tokenHash)
                                .put("createdAtMs", JsNumber.of(1741590000000L))
                                .put("updatedAtMs", JsNumber.of(1741590001000L))
                                .put("isCurrentDevice", JsBoolean.TRUE)
                                .build())))
                        .build())
                .put("endpoint", JsObject.builder()
                        .put("endpointId", endpointId)
                        .put("push", JsObject.builder().put("provider", "fcm").put("tokenHash", tokenHash).build())
                        .build())
                .build();
    }
}
