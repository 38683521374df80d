package org.peerlink.signal.hub;


import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.signal.SignalErrorCode;

/** Builds the text of frames the server sends: {@code {"v":"1","id":"srv-<kind>-<uuid>","type":…,"payload":…}}. */
final class ServerFrames {

    private ServerFrames() {
    }

    static String frame(String type, JsValue payload) {
        return frameWithId("srv-" + type + "-" + RandomIds.uuid(), type, payload);
    }

    /** An error frame; it reuses the client frame's id when the client sent a string id. */
    static String error(String clientFrameId, SignalErrorCode code, String message) {
        JsObject payload = JsObject.builder().put("code", code.name()).put("message", message).build();
        String id = clientFrameId != null ? clientFrameId : "srv-error-" + RandomIds.uuid();
        return frameWithId(id, "error", payload);
    }

    private static String frameWithId(String id, String type, JsValue payload) {
        return JsonWriter.stringify(JsObject.builder()
                .put("v", "1")
                .put("id", id)
                .put("type", type)
                .put("payload", payload)
                .build());
    }
}
