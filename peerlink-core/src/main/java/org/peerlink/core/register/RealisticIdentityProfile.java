package org.peerlink.core.register;

import java.util.List;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;

/**
 * An {@code identityProfile} shaped like the PeerLink app's: nested account identity, devices, an endpoint with
 * push, non-ASCII text, nulls and arrays, about 1 KB. The server re-serialises it byte-exactly to verify the v2
 * register signature, so benchmarks and load generators send this one rather than a toy object that would
 * understate that cost.
 */
public final class RealisticIdentityProfile {

    private RealisticIdentityProfile() {
    }

    /**
     * The profile of one peer.
     *
     * @param peerId    the peer, also the profile's {@code stableUserId}
     * @param accountId account id, e.g. {@code acc_f82af80ba6b5e6d3b8bb0858}
     * @param publicKey the peer's public key in base64
     * @return the profile
     */
    public static JsObject of(String peerId, String accountId, String publicKey) {
        return JsObject.builder()
                .put("schemaVersion", JsNumber.of(2))
                .put("accountId", accountId)
                .put("deviceId", "dev-4c4deed5563a2d25")
                .put("stableUserId", peerId)
                .put("publicKey", publicKey)
                .put("agreementPublicKey", "+HxOKjoPhb4SHOCnMMtHLOQBMef/Bsc7Plu2pCvuXXI=")
                .put("accountIdentity", JsObject.builder()
                        .put("accountId", accountId)
                        .put("displayName", "Олена 🌻 \"Lena\"")
                        .put("handle", "anna.p/primary")
                        .put("avatarHash", JsNull.INSTANCE)
                        .put("createdAtMs", JsNumber.of(1741590000000L))
                        .put("rootPublicKey", "L/QLJoWeYvTXtaTr6oQgsrjLR1ss/GR/Gk5Xb+WlNiY=")
                        .put("devices", new JsArray(List.of(
                                device("dev-4c4deed5563a2d25", "Pixel 8 Pro", 1741590001000L, true),
                                device("dev-cfef2404a3c989aa", "MacBook — «work»", 1741590001500L, false))))
                        .put("deviceCertificate", "kY0h3DCnruLTQl4gkeVaohQuqJUOj1MfDcGi8ZbKSdgwY+pcY+FXzMMNvq/7uj"
                                + "tKwSK/FFvwc9q45SVM3/fTzw==")
                        .build())
                .put("endpoint", JsObject.builder()
                        .put("endpointId", "ep-558f4214ac473bf85d5f")
                        .put("platform", "android")
                        .put("push", JsObject.builder().put("provider", "fcm").put("tokenHash", JsNull.INSTANCE)
                                .build())
                        .build())
                .build();
    }

    private static JsObject device(String id, String label, long addedAtMs, boolean primary) {
        return JsObject.builder()
                .put("deviceId", id)
                .put("label", label)
                .put("addedAtMs", JsNumber.of(addedAtMs))
                .put("primary", JsBoolean.of(primary))
                .build();
    }
}
