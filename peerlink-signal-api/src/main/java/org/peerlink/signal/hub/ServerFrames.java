package org.peerlink.signal.hub;

import org.peerlink.core.json.JsCoercion;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.signal.SignalError;
import org.peerlink.signal.SignalEvents;

/**
 * Builds the text of frames the server sends: {@code {"v":"1","id":"<prefix><uuid>","type":…,"payload":…}}, with the
 * id prefixes of PROTOCOL.md §3 (they are not derived from the type: a register_ack's id is {@code srv-ack-…}).
 */
final class ServerFrames {

    /** The frame types the server sends, each with its id prefix. */
    enum Kind {
        REGISTER_ACK("register_ack", "srv-ack-", SignalEvents.OutboundFrame.REGISTER_ACK),
        PONG("pong", "srv-pong-", SignalEvents.OutboundFrame.PONG),
        PEERS("peers", "srv-peers-", SignalEvents.OutboundFrame.PEERS),
        PRESENCE_UPDATE("presence_update", "srv-presence-update-", SignalEvents.OutboundFrame.PRESENCE_UPDATE),
        SIGNAL("signal", "srv-signal-", SignalEvents.OutboundFrame.SIGNAL),
        ERROR("error", "srv-error-", SignalEvents.OutboundFrame.ERROR);

        private final String type;
        private final String idPrefix;
        private final SignalEvents.OutboundFrame event;

        Kind(String type, String idPrefix, SignalEvents.OutboundFrame event) {
            this.type = type;
            this.idPrefix = idPrefix;
            this.event = event;
        }

        /** How {@link SignalEvents#framesSent} names this type. */
        SignalEvents.OutboundFrame event() {
            return event;
        }
    }

    private ServerFrames() {
    }

    static String frame(Kind kind, JsValue payload) {
        return frameWithId(new JsString(kind.idPrefix + RandomIds.uuid()), kind, payload);
    }

    /** An error frame with the error's code and fixed message. */
    static String error(JsValue clientFrameId, SignalError error) {
        return error(clientFrameId, errorPayload(error, error.message()).build());
    }

    /** {@code {"code":…,"message":…}}, for an error frame that carries more fields. */
    static JsObject.Builder errorPayload(SignalError error, String message) {
        return JsObject.builder().put("code", error.code().name()).put("message", message);
    }

    /**
     * An error frame. Like the original ({@code id || "srv-error-…"}), it reuses the client frame's id whenever that is
     * truthy in JavaScript, whatever its type, and makes one up otherwise.
     */
    static String error(JsValue clientFrameId, JsObject payload) {
        JsValue id = JsCoercion.isTruthy(clientFrameId)
                ? clientFrameId
                : new JsString(Kind.ERROR.idPrefix + RandomIds.uuid());
        return frameWithId(id, Kind.ERROR, payload);
    }

    private static String frameWithId(JsValue id, Kind kind, JsValue payload) {
        return JsonWriter.stringify(JsObject.builder()
                .put("v", "1")
                .put("id", id)
                .put("type", kind.type)
                .put("payload", payload)
                .build());
    }
}
